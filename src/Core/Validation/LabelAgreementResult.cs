namespace RetrainFunctions.Core.Validation;

/// <summary>The evidence of the label-agreement check on one batch (<see cref="LabelAgreementCheck"/>).</summary>
/// <param name="Verdict">The conclusion.</param>
/// <param name="Rows">Batch rows production scored.</param>
/// <param name="ProductionErrors">Rows whose label production does not predict.</param>
/// <param name="ExpectedError">The error rate expected of production: the larger of <paramref name="HoldoutError"/> and <paramref name="CalibratedError"/>.</param>
/// <param name="HoldoutError">Production's error on the holdout when it was promoted (1 − its recorded accuracy), if recorded.</param>
/// <param name="CalibratedError">The error rate production's own probabilities predict on this batch (binary only), if calibrated.</param>
/// <param name="PValue">One-sided exact binomial p of the error count under "error ≤ expected + tolerance".</param>
/// <param name="CrossFitAccuracy">Accuracy of the models trained on one half of the batch (plus production's newest training rows) on the other half, when the drop was significant.</param>
/// <param name="ProductionAccuracy">Production's accuracy on the same rows, when the drop was significant.</param>
/// <param name="CrossFitOnlyRight">Rows only the cross-fitted models predict right.</param>
/// <param name="ProductionOnlyRight">Rows only production predicts right.</param>
/// <param name="Reason">The conclusion in one sentence, with its figures.</param>
public sealed record LabelAgreementResult(
    LabelAgreementVerdict Verdict,
    int Rows,
    int ProductionErrors,
    double ExpectedError,
    double? HoldoutError,
    double? CalibratedError,
    double PValue,
    double? CrossFitAccuracy,
    double? ProductionAccuracy,
    int CrossFitOnlyRight,
    int ProductionOnlyRight,
    string Reason)
{
    /// <summary>
    /// Gets production's scores on the rows it judged (the batch, or its evenly spread sample), as prediction drift reads
    /// them (<see cref="Evaluation.ModelScorer.ScoreDistributionAsync"/>), so that drift reuses them instead of scoring
    /// the batch again; null when production did not score it. Not part of any document.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double>? ProductionScores { get; init; }

    /// <summary>Gets production's error rate on the batch.</summary>
    public double ErrorRate => Rows == 0 ? 0 : (double)ProductionErrors / Rows;

    /// <summary>Gets how much more accurate the cross-fitted models are than production on the held-out halves.</summary>
    public double? Gain => CrossFitAccuracy - ProductionAccuracy;

    /// <summary>Gets the share of production's excess error (<see cref="ErrorRate"/> − <see cref="ExpectedError"/>) the cross-fitted models win back.</summary>
    public double? Recovered => Gain is { } gain && ErrorRate > ExpectedError ? gain / (ErrorRate - ExpectedError) : null;
}
