namespace RetrainFunctions.Core.Profiling;

/// <summary>The profile of one column of a batch or snapshot.</summary>
public sealed record ColumnProfile
{
    /// <summary>Gets the column name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets how the column is summarised.</summary>
    public required ColumnKind Kind { get; init; }

    /// <summary>Gets the number of present (non-missing, parseable) values.</summary>
    public required long Count { get; init; }

    /// <summary>Gets the number of missing or unparseable values.</summary>
    public required long Missing { get; init; }

    /// <summary>Gets the share of rows missing a value.</summary>
    public double MissingFraction => Count + Missing == 0 ? 0 : (double)Missing / (Count + Missing);

    /// <summary>Gets the smallest value (numeric).</summary>
    public double? Min { get; init; }

    /// <summary>Gets the largest value (numeric).</summary>
    public double? Max { get; init; }

    /// <summary>Gets the mean (numeric; Welford).</summary>
    public double? Mean { get; init; }

    /// <summary>Gets the sample standard deviation (numeric; Welford, n − 1).</summary>
    public double? Std { get; init; }

    /// <summary>Gets quantiles at <see cref="DatasetProfiler.QuantileProbabilities"/> (numeric; from <see cref="Sample"/>).</summary>
    public IReadOnlyList<Quantile>? Quantiles { get; init; }

    /// <summary>Gets exact counts on fixed bin edges (numeric).</summary>
    public Histogram? Histogram { get; init; }

    /// <summary>
    /// Gets a sorted uniform sample of at most <see cref="DatasetProfiler.SampleSize"/> values (numeric; reservoir
    /// sampling with a fixed seed, so the same data gives the same sample). Holds every value when the column has
    /// no more; the drift statistics compare samples.
    /// </summary>
    public IReadOnlyList<double>? Sample { get; init; }

    /// <summary>Gets the counts of the most frequent categories, most frequent first (categorical).</summary>
    public IReadOnlyDictionary<string, long>? TopCategories { get; init; }

    /// <summary>Gets the count of values in categories not listed in <see cref="TopCategories"/> (categorical).</summary>
    public long OtherCount { get; init; }

    /// <summary>Gets the number of distinct values seen (categorical; capped at <see cref="DatasetProfiler.MaxTrackedCategories"/>).</summary>
    public int? DistinctCount { get; init; }

    /// <summary>
    /// Gets the accuracy of predicting the class label from this feature alone (classification; null below 100 rows):
    /// for numerics the better of the best single threshold and the purity of ~20 equal-frequency bins (from the
    /// sample), for categoricals the share of rows in their category's majority class. Feeds the leakage check.
    /// </summary>
    public double? LabelAgreement { get; init; }

    /// <summary>Gets whether every present value is the same.</summary>
    public bool IsConstant => Count > 1 && (Kind == ColumnKind.Numeric ? Min == Max : DistinctCount == 1);
}
