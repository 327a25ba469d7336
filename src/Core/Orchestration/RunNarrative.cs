using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// What a run says about itself: after each stage, whether the run ends there, with which outcome and why, and the
/// notes that go with a promotion. Pure functions of the stage results, so <see cref="RetrainOrchestrator"/> only
/// sequences the stages. Every <c>After…</c> method returns the ended record, or null when the run goes on.
/// </summary>
/// <remarks>
/// These strings reach run records and orchestration histories: changing one changes what in-flight instances
/// replay (the histories under <c>tests/Core.Tests/Orchestration/Replay</c> pin them), so a change here is a
/// change of orchestrator version.
/// </remarks>
internal static class RunNarrative
{
    /// <summary>The collection found nothing to learn from: every new file refused, or none at all; a forced run goes on.</summary>
    public static RunRecord? AfterCollect(RunRecord record, CollectResult collected, bool force) =>
        collected.NewBatches.Count > 0 || force ? null
        : collected.Refused is [var refused, ..]
            ? Ended(record, RunOutcome.Rejected, RejectionReason.DataInvalid, $"All {collected.Refused.Count} new file(s) were refused and quarantined; first: '{refused.SourceName}': {refused.Reason}")
            : Ended(record, RunOutcome.Skipped, null, $"No new data under incoming/{record.Model}/ ({collected.DuplicatesIgnored} duplicate file(s) ignored); nothing to retrain on.");

    /// <summary>Every new batch failed validation; a forced run goes on.</summary>
    public static RunRecord? AfterValidate(RunRecord record, ValidationResult validation, bool force) =>
        validation.Accepted.Count > 0 || force ? null
        : Ended(record, RunOutcome.Rejected, RejectionReason.DataInvalid,
            $"All {validation.Quarantined.Count} new batch(es) failed validation and were quarantined; first: '{validation.Quarantined[0].SourceName}': {validation.Quarantined[0].Reason}");

    /// <summary>The retraining policy said not yet.</summary>
    public static RunRecord? AfterDecide(RunRecord record, PolicyDecision decision) =>
        decision.ShouldRetrain ? null : Ended(record, RunOutcome.Skipped, null, $"The retraining policy skipped this run: {decision.Reason}");

    /// <summary>The window holds too little data to train and judge.</summary>
    public static RunRecord? AfterSnapshot(RunRecord record, SnapshotRef snapshot) =>
        snapshot.Insufficient is null ? null : Ended(record, RunOutcome.Rejected, RejectionReason.InsufficientData, snapshot.Insufficient);

    /// <summary>No candidate trained.</summary>
    public static RunRecord? AfterTrain(RunRecord record, IReadOnlyList<CandidateResult> candidates, IReadOnlyList<CandidateFailure> failures) =>
        candidates.Count > 0 ? null : Ended(record, RunOutcome.Failed, null, $"All {failures.Count} candidate(s) failed to train; first: {failures[0].Trainer}: {failures[0].Error}");

    /// <summary>The gate did not promote: rejected with the gate's reason.</summary>
    public static RunRecord? AfterEvaluate(RunRecord record, EvaluationResult evaluation) =>
        evaluation.Decision == GateDecision.Promote ? null : Ended(record, RunOutcome.Rejected, RejectionFor(evaluation.Decision), evaluation.Reason);

    /// <summary>A person rejected the promotion, or nobody decided and the timeout policy rejects.</summary>
    public static RunRecord? AfterApproval(RunRecord record, ApprovalRecord approval, string gateReason) => approval.Outcome switch
    {
        ApprovalOutcome.Rejected => Ended(record, RunOutcome.Rejected, RejectionReason.ApprovalDenied,
            $"Promotion of {record.RunId} rejected by {Approver(approval)} at {approval.DecidedAt:O}{Why(approval)}. Gate: {gateReason}"),
        ApprovalOutcome.TimedOutRejected => Ended(record, RunOutcome.Rejected, RejectionReason.ApprovalTimedOut,
            $"No approval decision for {record.RunId} before {approval.Deadline:O}; the timeout policy rejects. Gate: {gateReason}"),
        _ => null,
    };

    /// <summary>Deployed, or production changed during the run.</summary>
    public static RunRecord AfterDeploy(RunRecord record, DeployResult deployment, TrainerKind trainer, string gateReason) =>
        deployment.Deployed
            ? Ended(record, RunOutcome.Deployed, null, $"Version {deployment.Version} ({trainer}) is in production, replacing {deployment.PreviousVersion ?? "nothing"}: {gateReason}")
            : Ended(record, RunOutcome.Rejected, RejectionReason.Superseded, deployment.Reason ?? "Production changed during the run.");

    /// <summary>An activity failed after its retries: the run failed, with the failure.</summary>
    public static RunRecord ActivityFailed(RunRecord record, string taskName, string errorType, string errorMessage, string error) =>
        record with { Outcome = RunOutcome.Failed, Reason = $"Activity {taskName} failed after its retries: {errorType}: {errorMessage}", Error = error };

    /// <summary>The rejection reason of a gate decision other than <see cref="GateDecision.Promote"/>.</summary>
    public static RejectionReason RejectionFor(GateDecision decision) => decision switch
    {
        GateDecision.BelowThreshold => RejectionReason.BelowThreshold,
        GateDecision.InsufficientEvidence => RejectionReason.InsufficientEvidence,
        GateDecision.SliceRegression => RejectionReason.SliceRegression,
        _ => RejectionReason.NotBetter,
    };

    /// <summary>The deployment notes of a promotion before refit and approval: the rows, the challenger, the gate.</summary>
    public static List<string> PromotionNotes(SnapshotRef snapshot, CandidateResult challenger, CandidateResult? fitted, CandidateFailure? fitFailure, string gateReason, CandidateSelection among = CandidateSelection.All) =>
        [$"Rows: {snapshot.RowSets?.Description}", $"Challenger: {ChallengerNote(challenger, fitted, fitFailure, among)}", $"Gate: {gateReason}"];

    /// <summary>The deployment note of a refit.</summary>
    public static string RefitNote(RefitResult refit) => $"Refit: {refit.Reason}";

    /// <summary>The deployment note of an approval that lets the promotion go on.</summary>
    public static string ApprovalNote(ApprovalRecord approval) => $"Approval: {approval.Outcome} by {Approver(approval)} at {approval.DecidedAt:O}{Why(approval)}";

    /// <summary>The refit's result when its activity failed after its retries: the challenger is deployed as it is.</summary>
    public static RefitResult RefitFailed(RefitRequest request, string errorType, string errorMessage) =>
        new(false, request.ChallengerPath, 0, new Dictionary<EvaluationMetric, double>(),
            $"refit {request.Trainer} failed after its retries ({errorType}: {errorMessage}); the challenger is deployed instead");

    /// <summary>A candidate whose training activity failed after its retries.</summary>
    public static CandidateFailure CandidateFailed(TrainRequest request, string errorType, string errorMessage) =>
        new(request.Trainer, $"{errorType}: {errorMessage}", request.WindowRows, request.WindowFraction, request.HalfLifeFraction);

    /// <summary>Which model met production: the challenger fitted again on training + selection rows, or the candidate itself.</summary>
    public static string ChallengerNote(CandidateResult challenger, CandidateResult? fitted, CandidateFailure? fitFailure, CandidateSelection among = CandidateSelection.All) => (fitted, fitFailure) switch
    {
        ({ } fit, _) when fit.ModelPath == challenger.ModelPath =>
            $"{Path.GetFileNameWithoutExtension(fit.ModelPath)}: the best {(among == CandidateSelection.Ensembles && fit.Trainer == TrainerKind.Ensemble ? "ensemble (gate.selectAmong Ensembles)" : "candidate")} on the selection rows, fitted again on {MetricText.Rows(fit.TrainRows)} training + selection rows before meeting production",
        (_, { } failure) => $"{Path.GetFileNameWithoutExtension(challenger.ModelPath)} on {MetricText.Rows(challenger.TrainRows)} training rows (its fit on training + selection rows failed: {failure.Error})",
        _ => $"{Path.GetFileNameWithoutExtension(challenger.ModelPath)} on {MetricText.Rows(challenger.TrainRows)} training rows",
    };

    /// <summary>The Train stage's progress detail: the trainers, and the candidate windows when there are more than one.</summary>
    public static string TrainDetail(IReadOnlyList<TrainerKind> trainers, IReadOnlyList<CandidateWindow> windows) =>
        string.Join(", ", trainers)
        + (windows.Count > 1 ? " × windows " + string.Join(", ", windows.Select(w => w switch
        {
            { Fraction: { } f } => FormattableString.Invariant($"newest {f:0.###}"),
            { Rows: { } n } => FormattableString.Invariant($"newest {n}"),
            _ => "all",
        })) : string.Empty);

    private static RunRecord Ended(RunRecord record, RunOutcome outcome, RejectionReason? rejection, string reason) =>
        record with { Outcome = outcome, Rejection = rejection, Reason = reason };

    private static string Approver(ApprovalRecord approval) => approval.DecidedBy ?? "nobody (timeout)";

    private static string Why(ApprovalRecord approval) => approval.Reason is null ? string.Empty : $": {approval.Reason}";
}
