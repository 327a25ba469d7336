namespace RetrainFunctions.Core.Specs;

/// <summary>
/// How drift is measured and judged (spec section <c>drift</c>). Verdicts are decided on effect sizes, which do not
/// grow with sample size; p-values are reported, Benjamini–Hochberg corrected, as a secondary signal only. Drift is
/// informational: it never rejects a run. See <c>docs/drift.md</c>.
/// </summary>
public sealed record DriftSpec
{
    /// <summary>Gets what new data is compared with. <value>Default: <see cref="DriftReferenceKind.Production"/>.</value></summary>
    public DriftReferenceKind Reference { get; init; } = DriftReferenceKind.Production;

    /// <summary>Gets the season length for <see cref="DriftReferenceKind.Seasonal"/>, in days. <value>Default: 365.</value></summary>
    public double SeasonLengthDays { get; init; } = 365;

    /// <summary>
    /// Gets the population stability index, net of its sampling bias (see <c>DriftStatistics.PsiSamplingBias</c>), from which
    /// a numeric feature may count as drifted. <value>Default: 0.2 (the customary "significant shift" level).</value>
    /// </summary>
    public double PsiThreshold { get; init; } = 0.2;

    /// <summary>
    /// Gets the 1-Wasserstein distance, in reference standard deviations, from which a numeric feature may count as
    /// drifted. <value>Default: 0.25.</value>
    /// </summary>
    public double WassersteinThreshold { get; init; } = 0.5;

    /// <summary>Gets the Jensen–Shannon distance (base 2), net of sampling bias, from which a categorical column may count as drifted. <value>Default: 0.1.</value></summary>
    public double JensenShannonThreshold { get; init; } = 0.1;

    /// <summary>Gets the largest change of any category's share, net of sampling noise, from which a categorical column may count as drifted. <value>Default: 0.1.</value></summary>
    public double LInfinityThreshold { get; init; } = 0.1;

    /// <summary>Gets the (importance-weighted) share of drifted features from which the dataset counts as drifted. <value>Default: 0.5.</value></summary>
    public double DatasetDriftShare { get; init; } = 0.5;

    /// <summary>Gets the false discovery rate for the secondary, BH-corrected significance flag. <value>Default: 0.05.</value></summary>
    public double FalseDiscoveryRate { get; init; } = 0.05;

    /// <summary>
    /// Gets the most quantile bins for numeric PSI and Jensen–Shannon; fewer are used so that the smaller side has
    /// at least 10 rows per bin (never fewer than 2). <value>Default: 10.</value>
    /// </summary>
    public int Bins { get; init; } = 10;
}
