namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>The categories of a column in two profiles and how often each occurs in each.</summary>
internal sealed record CategoryCounts(IReadOnlyList<string> Categories, IReadOnlyList<long> Reference, IReadOnlyList<long> Current)
{
    /// <summary>Gets the reference values counted.</summary>
    public long ReferenceTotal => Reference.Sum();

    /// <summary>Gets the current values counted.</summary>
    public long CurrentTotal => Current.Sum();

    /// <summary>Gets the reference shares.</summary>
    public IReadOnlyList<double> ReferenceShares => Shares(Reference);

    /// <summary>Gets the current shares.</summary>
    public IReadOnlyList<double> CurrentShares => Shares(Current);

    private static double[] Shares(IReadOnlyList<long> counts)
    {
        double total = counts.Sum();
        return [.. counts.Select(c => c / total)];
    }
}
