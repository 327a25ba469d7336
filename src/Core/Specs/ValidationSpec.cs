namespace RetrainFunctions.Core.Specs;

/// <summary>Data validation limits; a batch breaking one is quarantined with a report.</summary>
public sealed record ValidationSpec
{
    /// <summary>Gets the minimum rows of a batch. <value>Default: 1.</value></summary>
    public int MinBatchRows { get; init; } = 1;

    /// <summary>Gets the minimum rows of a training snapshot. <value>Default: 200.</value></summary>
    public int MinTrainingRows { get; init; } = 200;

    /// <summary>Gets the largest share of missing values allowed in any feature column of a batch. <value>Default: 0.2.</value></summary>
    public double MaxMissingFraction { get; init; } = 0.2;

    /// <summary>Gets the largest share of unparseable numeric values allowed in a batch column. <value>Default: 0.</value></summary>
    public double MaxUnparseableFraction { get; init; }
}
