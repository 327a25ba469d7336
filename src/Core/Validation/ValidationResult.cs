using RetrainFunctions.Core.Drift;

namespace RetrainFunctions.Core.Validation;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.ValidateDataset"/>.</summary>
/// <param name="Accepted">Batches that passed and are now under <c>batches/{model}/accepted/</c>.</param>
/// <param name="Quarantined">Batches that failed and are now under <c>quarantine/{model}/</c> with a report.</param>
/// <param name="ReportPath">The run's validation report (every finding of every batch).</param>
/// <param name="Drift">The drift of the accepted data against the spec's reference (informational; never rejects).</param>
public sealed record ValidationResult(
    IReadOnlyList<AcceptedBatch> Accepted,
    IReadOnlyList<QuarantinedBatch> Quarantined,
    string ReportPath,
    DriftSummary? Drift = null)
{
    /// <summary>Gets the rows accepted in this run.</summary>
    public int AcceptedRows => Accepted.Sum(b => b.Rows);
}
