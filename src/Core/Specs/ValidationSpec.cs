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

    /// <summary>
    /// Gets the largest share of a numeric column's values allowed outside the reference range widened by
    /// <see cref="RangeMargin"/>; above it the finding is a warning. <value>Default: 0.01.</value>
    /// </summary>
    public double MaxOutOfRangeFraction { get; init; } = 0.01;

    /// <summary>Gets how far beyond the reference [min, max] a value may lie, as a fraction of that range. <value>Default: 0.1.</value></summary>
    public double RangeMargin { get; init; } = 0.1;

    /// <summary>Gets the largest share of a categorical column's values allowed in categories the reference never saw (warning). <value>Default: 0.05.</value></summary>
    public double MaxUnseenCategoryFraction { get; init; } = 0.05;

    /// <summary>Gets the largest share of rows allowed to repeat an earlier row of the batch (warning). <value>Default: 0.05.</value></summary>
    public double MaxDuplicateRowFraction { get; init; } = 0.05;

    /// <summary>
    /// Gets the share of the label explained by a single feature (its <c>LabelAgreement</c>, after removing the majority-class
    /// baseline) from which a leakage warning is raised. <value>Default: 0.98.</value>
    /// </summary>
    public double LeakageThreshold { get; init; } = 0.98;

    /// <summary>Gets whether a label class the reference never saw is an error (true) or a warning. <value>Default: false (warning).</value></summary>
    public bool UnseenLabelIsError { get; init; }

    /// <summary>
    /// Gets whether a new batch's labels are checked against the production model (classification only; see
    /// <c>LabelAgreementCheck</c> and docs/drift.md). When production disagrees with the labels significantly more
    /// than expected and models trained on half of the batch predict the other half no better than production, the labels
    /// look corrupted rather than a new concept, and the batch is quarantined. <value>Default: true.</value>
    /// </summary>
    public bool LabelAgreement { get; init; } = true;

    /// <summary>Gets the fewest rows of a batch the label-agreement check judges; smaller batches pass unchecked. <value>Default: 100.</value></summary>
    public int LabelAgreementMinRows { get; init; } = 100;

    /// <summary>
    /// Gets the increase of production's error rate over its expected error rate that is tolerated (drift, estimation error
    /// of the expectation): the drop test's null hypothesis is "error ≤ expected + this". <value>Default: 0.05.</value>
    /// </summary>
    public double LabelAgreementTolerance { get; init; } = 0.05;

    /// <summary>Gets the one-sided p-value below which production's error on the batch counts as a significant drop. <value>Default: 0.001.</value></summary>
    public double LabelAgreementMaxPValue { get; init; } = 0.001;

    /// <summary>
    /// Gets the share of production's excess disagreement (its error rate on the batch minus the expected one) that models
    /// cross-fitted on halves of the batch must win back, as accuracy on the held-out halves above production's, for a
    /// significant drop to count as a learnable new concept (then the batch passes); below it the labels look corrupted.
    /// Measured (docs/drift.md): at most 0.13 for 30 % flipped labels, at least 0.37 for a shifted threshold. <value>Default: 0.25.</value>
    /// </summary>
    public double LabelAgreementMinRecovery { get; init; } = 0.25;
}
