using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// The record of one run (<c>runs/{model}/{runId}/record.json</c>) and the orchestration's output: what
/// triggered it, what each stage produced, how it ended and why. Stage results are references and
/// figures, never data.
/// </summary>
public sealed record RunRecord
{
    /// <summary>Gets the model.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the run id (sortable by start time).</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the Durable instance id that ran it.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Gets what started it.</summary>
    public required RunTrigger Trigger { get; init; }

    /// <summary>Gets who or what asked.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>Gets when it started (orchestration time).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when it ended (orchestration time).</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets how it ended.</summary>
    public RunOutcome? Outcome { get; init; }

    /// <summary>Gets why it was rejected, when it was.</summary>
    public RejectionReason? Rejection { get; init; }

    /// <summary>Gets the outcome in one sentence, with figures.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the spec digest in force.</summary>
    public string? SpecDigest { get; init; }

    /// <summary>Gets the collection result (without the spec).</summary>
    public IReadOnlyList<BatchRef>? CollectedBatches { get; init; }

    /// <summary>Gets the number of duplicate files ignored.</summary>
    public int DuplicatesIgnored { get; init; }

    /// <summary>Gets the validation result.</summary>
    public ValidationResult? Validation { get; init; }

    /// <summary>Gets the training snapshot.</summary>
    public SnapshotRef? Snapshot { get; init; }

    /// <summary>Gets the feature engineering result.</summary>
    public FeaturesResult? Features { get; init; }

    /// <summary>Gets the trained candidates.</summary>
    public IReadOnlyList<CandidateResult>? Candidates { get; init; }

    /// <summary>
    /// Gets the chosen candidate's recipe fitted on the training and selection rows: the model that met production on
    /// the comparison rows (its <see cref="CandidateResult.ValidationMetrics"/> are the chosen candidate's, on the
    /// selection rows). Null without selection rows or when the fit failed (<see cref="ChallengerFitFailure"/>).
    /// </summary>
    public CandidateResult? ChallengerFit { get; init; }

    /// <summary>Gets why the challenger's fit on the training and selection rows failed; the chosen candidate then met production itself.</summary>
    public CandidateFailure? ChallengerFitFailure { get; init; }

    /// <summary>Gets the candidates that failed.</summary>
    public IReadOnlyList<CandidateFailure>? FailedCandidates { get; init; }

    /// <summary>Gets the evaluation.</summary>
    public EvaluationResult? Evaluation { get; init; }

    /// <summary>Gets the probation verdict on the newest deployment, judged on this run's new data.</summary>
    public ProbationResult? Probation { get; init; }

    /// <summary>Gets the incoming files refused before validation (too large), kept in quarantine.</summary>
    public IReadOnlyList<QuarantinedBatch>? RefusedFiles { get; init; }

    /// <summary>Gets the retraining policy's decision, when the spec has a policy.</summary>
    public PolicyDecision? Policy { get; init; }

    /// <summary>Gets the refit of the promoted challenger on the whole window, when the gate refits.</summary>
    public RefitResult? Refit { get; init; }

    /// <summary>Gets the approval step, when the spec requires one: who decided, when, why, and stale decisions refused.</summary>
    public ApprovalRecord? Approval { get; init; }

    /// <summary>Gets the deployment.</summary>
    public DeployResult? Deployment { get; init; }

    /// <summary>Gets the stage timings.</summary>
    public IReadOnlyList<StageTiming> Stages { get; init; } = [];

    /// <summary>Gets the failure, for <see cref="RunOutcome.Failed"/>.</summary>
    public string? Error { get; init; }
}
