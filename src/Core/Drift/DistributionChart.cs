namespace RetrainFunctions.Core.Drift;

/// <summary>Reference and current shares on common bins, for charts.</summary>
/// <param name="Bins">Bin labels: categories, or numeric ranges.</param>
/// <param name="Reference">The reference share of each bin.</param>
/// <param name="Current">The current share of each bin.</param>
public sealed record DistributionChart(IReadOnlyList<string> Bins, IReadOnlyList<double> Reference, IReadOnlyList<double> Current);
