namespace RetrainFunctions.Api;

/// <summary>The per-run reports served under <c>/api/models/{model}/runs/{runId}/</c>.</summary>
public enum RunReportKind
{
    /// <summary><c>validation.json</c>: what validation found in each batch.</summary>
    Validation,

    /// <summary><c>evaluation.json</c>: champion and challenger on the holdout, and the gate's decision.</summary>
    Evaluation,

    /// <summary><c>drift.json</c>: drift of the run's data against the reference (written by drift detection).</summary>
    Drift,
}
