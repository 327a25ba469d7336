using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>What the built-in measures compare, derived from two profiles the same way for each of them.</summary>
internal static class MeasureInputs
{
    /// <summary>The profiles' sorted samples (numeric), empty when a profile has none.</summary>
    public static (IReadOnlyList<double> Reference, IReadOnlyList<double> Current) Samples(ColumnProfile reference, ColumnProfile current) =>
        (reference.Sample ?? [], current.Sample ?? []);

    /// <summary>
    /// Counts of both samples in the reference-quantile bins (numeric PSI and Jensen–Shannon): at most
    /// <see cref="DriftSpec.Bins"/>, fewer so that the smaller side has at least 10 rows per bin, never fewer than 2.
    /// </summary>
    public static (double[] Reference, double[] Current) QuantileBinCounts(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        var (before, after) = Samples(reference, current);
        var bins = Math.Clamp(Math.Min(before.Count, after.Count) / 10, 2, spec.Bins);
        return (DriftDetector.RankBinCounts(before, before, bins), DriftDetector.RankBinCounts(before, after, bins));
    }

    /// <summary>The categories of both profiles (ordinal order, then "(other)" when either has other values) and their counts.</summary>
    public static CategoryCounts Categories(ColumnProfile reference, ColumnProfile current)
    {
        var before = reference.TopCategories ?? new Dictionary<string, long>();
        var after = current.TopCategories ?? new Dictionary<string, long>();
        var categories = before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var referenceCounts = categories.Select(c => before.GetValueOrDefault(c)).ToList();
        var currentCounts = categories.Select(c => after.GetValueOrDefault(c)).ToList();
        if (reference.OtherCount > 0 || current.OtherCount > 0)
        {
            categories.Add("(other)");
            referenceCounts.Add(reference.OtherCount);
            currentCounts.Add(current.OtherCount);
        }

        return new CategoryCounts(categories, referenceCounts, currentCounts);
    }
}
