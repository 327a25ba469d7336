using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift;

/// <summary>The drift of a run's accepted data, in the run record (the full report is at <see cref="ReportPath"/>).</summary>
/// <param name="Reference">The kind of reference.</param>
/// <param name="ReferenceDescription">The reference in words, or why drift was not measured.</param>
/// <param name="Measured">Whether a reference existed and drift was measured.</param>
/// <param name="DatasetDrifted">Whether the share of drifted features reached the spec's limit.</param>
/// <param name="DriftedShare">The weighted share of drifted features.</param>
/// <param name="DriftedFeatures">The drifted features, most drifted first.</param>
/// <param name="LabelDrifted">Whether the label distribution drifted.</param>
/// <param name="ReportPath">The JSON report, when measured.</param>
/// <param name="PagePath">The HTML page, when measured.</param>
/// <param name="PredictionDrifted">Whether the production model's scores drifted (null when not measured).</param>
public sealed record DriftSummary(
    DriftReferenceKind Reference,
    string ReferenceDescription,
    bool Measured,
    bool DatasetDrifted,
    double DriftedShare,
    IReadOnlyList<string> DriftedFeatures,
    bool LabelDrifted,
    string? ReportPath,
    string? PagePath,
    bool? PredictionDrifted = null);
