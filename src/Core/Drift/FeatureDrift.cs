using RetrainFunctions.Core.Profiling;

namespace RetrainFunctions.Core.Drift;

/// <summary>
/// The drift of one column. Numeric columns get PSI, Kolmogorov–Smirnov, Wasserstein and Jensen–Shannon;
/// categorical ones χ², L-infinity and Jensen–Shannon. <see cref="Drifted"/> is decided on effect sizes only.
/// </summary>
public sealed record FeatureDrift
{
    /// <summary>Gets the column.</summary>
    public required string Column { get; init; }

    /// <summary>Gets how the column was compared.</summary>
    public required ColumnKind Kind { get; init; }

    /// <summary>Gets whether the effect sizes cross the spec's thresholds.</summary>
    public required bool Drifted { get; init; }

    /// <summary>Gets the headline effect size divided by its threshold (≥ 1 when that measure alone is over); orders features in reports.</summary>
    public required double Score { get; init; }

    /// <summary>Gets the reference values compared (the profile's sample for numerics).</summary>
    public required long ReferenceCount { get; init; }

    /// <summary>Gets the current values compared.</summary>
    public required long CurrentCount { get; init; }

    /// <summary>Gets the population stability index on reference-quantile bins, with half a count added to every bin (numeric).</summary>
    public double? Psi { get; init; }

    /// <summary>Gets <see cref="Psi"/> minus its sampling bias, floored at 0 — the value judged (numeric).</summary>
    public double? PsiCorrected { get; init; }

    /// <summary>Gets the two-sample Kolmogorov–Smirnov statistic (numeric).</summary>
    public double? KolmogorovSmirnov { get; init; }

    /// <summary>Gets the 1-Wasserstein distance in the column's units (numeric).</summary>
    public double? Wasserstein { get; init; }

    /// <summary>
    /// Gets the 1-Wasserstein distance net of its sampling bias (floored at 0), divided by the reference standard
    /// deviation (the current one when the reference is constant) — the value judged (numeric).
    /// </summary>
    public double? NormalizedWasserstein { get; init; }

    /// <summary>Gets the Jensen–Shannon distance (base 2) on the PSI bins or the categories.</summary>
    public double? JensenShannon { get; init; }

    /// <summary>Gets the Jensen–Shannon distance net of its sampling bias — the value judged (categorical).</summary>
    public double? JensenShannonNet { get; init; }

    /// <summary>Gets the largest change of a category's share net of sampling noise — the value judged (categorical).</summary>
    public double? LInfinityNet { get; init; }

    /// <summary>Gets Pearson's χ² statistic of homogeneity (categorical).</summary>
    public double? ChiSquare { get; init; }

    /// <summary>Gets the largest change of a category's share (categorical).</summary>
    public double? LInfinity { get; init; }

    /// <summary>Gets the raw p-value: KS (numeric) or χ² (categorical).</summary>
    public double? PValue { get; init; }

    /// <summary>Gets the p-value after Benjamini–Hochberg correction across the report's columns.</summary>
    public double? AdjustedPValue { get; init; }

    /// <summary>Gets whether <see cref="AdjustedPValue"/> is under the false discovery rate (secondary signal; does not decide <see cref="Drifted"/>).</summary>
    public bool Significant { get; init; }

    /// <summary>
    /// Gets every registered measure's value on this column (<see cref="DriftMeasureRegistry"/>), the built-ins
    /// (also in the fields above) and any added with <c>AddRetrainDriftMeasure&lt;T&gt;()</c>; null when nothing was compared.
    /// </summary>
    public IReadOnlyList<DriftMeasurement>? Measures { get; init; }

    /// <summary>Gets the column's weight in the dataset share.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Gets the shares compared, for charts.</summary>
    public DistributionChart? Chart { get; init; }
}
