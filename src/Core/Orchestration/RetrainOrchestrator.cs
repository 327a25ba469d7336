using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// The one retraining orchestrator, run unchanged by the Functions app, the <c>retrain</c> command line and the
/// tests: collect → validate → snapshot → features → train candidates in parallel → evaluate against
/// production (paired statistics) → refit the promoted challenger on the whole window → wait for approval when the
/// spec asks → deploy. Deterministic: every knob comes from the input or from activity results; the approval timeout
/// is a durable timer.
/// </summary>
public static class RetrainOrchestrator
{
    /// <summary>Storage-bound steps: quick, retried on transient faults.</summary>
    private static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => !failure.IsCausedBy<ModelSpecException>(),
    });

    /// <summary>CPU-bound steps (features, training, evaluation): a retry or two, further apart.</summary>
    private static readonly TaskOptions ComputeRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromMinutes(1)));

    /// <summary>Runs one retraining cycle for <paramref name="request"/>'s model.</summary>
    public static async Task<RunRecord> RunAsync(TaskOrchestrationContext context, RetrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);

        var logger = context.CreateReplaySafeLogger(typeof(RetrainOrchestrator));

        // A trigger arriving during this run is buffered here; when the run ends we continue as new.
        var laterTrigger = context.WaitForExternalEvent<RetrainRequest>(RetrainEvents.RetrainRequested);

        var record = new RunRecord
        {
            Model = request.Model,
            RunId = request.RunId ?? RetrainInstanceIds.NewRunId(context.CurrentUtcDateTime, context.NewGuid()),
            InstanceId = context.InstanceId,
            Trigger = request.Trigger,
            RequestedBy = request.RequestedBy,
            StartedAt = context.CurrentUtcDateTime,
        };
        OrchestrationLog.RunStarted(logger, record.Model, record.RunId, record.Trigger);

        try
        {
            record = await RunPipelineAsync(context, request, record);
        }
        catch (TaskFailedException ex)
        {
            record = record with
            {
                Outcome = RunOutcome.Failed,
                Reason = $"Activity {ex.TaskName} failed after its retries: {ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}",
                Error = ex.FailureDetails.ToString(),
            };
        }

        record = record with { CompletedAt = context.CurrentUtcDateTime };
        await context.CallActivityAsync<string>(nameof(RecordRun), record, StorageRetry);
        OrchestrationLog.RunEnded(logger, record.Model, record.RunId, record.Outcome, record.Reason);

        if (laterTrigger.IsCompleted)
        {
            // Data that arrived during this run waits in incoming/: the next run, same instance id, picks it up.
            context.ContinueAsNew(
                laterTrigger.Result with { Trigger = RunTrigger.Coalesced, RunId = RetrainInstanceIds.FollowUpRunId(record.RunId) },
                preserveUnprocessedEvents: false);
        }

        return record;
    }

    private static async Task<RunRecord> RunPipelineAsync(TaskOrchestrationContext context, RetrainRequest request, RunRecord record)
    {
        var model = request.Model;
        var runId = record.RunId;

        var (collected, collectTiming) = await StageAsync(context, record, PipelineStage.Collect, () =>
            context.CallActivityAsync<CollectResult>(nameof(CollectTrainingData), new CollectRequest(model, runId), StorageRetry));
        var spec = collected.Spec;
        record = Append(record, collectTiming) with
        {
            SpecDigest = collected.SpecDigest,
            CollectedBatches = collected.NewBatches,
            DuplicatesIgnored = collected.DuplicatesIgnored,
            RefusedFiles = collected.Refused,
        };

        if (collected.NewBatches.Count == 0 && !request.Force)
        {
            return collected.Refused is [var refused, ..]
                ? Ended(record, RunOutcome.Rejected, RejectionReason.DataInvalid, $"All {collected.Refused.Count} new file(s) were refused and quarantined; first: '{refused.SourceName}': {refused.Reason}")
                : Ended(record, RunOutcome.Skipped, null, $"No new data under incoming/{model}/ ({collected.DuplicatesIgnored} duplicate file(s) ignored); nothing to retrain on.");
        }

        ValidationResult? validated = null;

        if (collected.NewBatches.Count > 0)
        {
            var (validation, validateTiming) = await StageAsync(context, record, PipelineStage.Validate, () =>
                context.CallActivityAsync<ValidationResult>(nameof(ValidateDataset), new ValidateRequest(model, runId, spec, collected.NewBatches), StorageRetry));
            record = Append(record, validateTiming) with { Validation = validation };
            validated = validation;

            if (validation.Accepted.Count == 0 && !request.Force)
            {
                var first = validation.Quarantined[0];
                return Ended(record, RunOutcome.Rejected, RejectionReason.DataInvalid,
                    $"All {validation.Quarantined.Count} new batch(es) failed validation and were quarantined; first: '{first.SourceName}': {first.Reason}");
            }

            if (spec.Gate.Probation && validation.Accepted.Count > 0)
            {
                // The newest deployment meets labels it never saw before anything is learned from them.
                var (probation, probationTiming) = await StageAsync(context, record, PipelineStage.Probation, () =>
                    context.CallActivityAsync<ProbationResult>(nameof(CheckProbation), new ProbationRequest(model, runId, spec, [.. validation.Accepted.Select(a => a.BatchId)]), ComputeRetry));
                record = probation.Checked ? Append(record, probationTiming) with { Probation = probation } : record with { Probation = probation };
            }
        }

        if (spec.Policy is not null && !request.Force)
        {
            // The policy decides on the evidence of this run's accepted data; a forced run (a person or a backtest) skips it.
            var newData = validated?.Accepted.Select(a => ArtifactPaths.AcceptedBatch(model, a.BatchId)).ToList() ?? [];
            var drift = validated?.Drift is { Measured: true } d ? new DriftSignal(d.DriftedShare, d.DatasetDrifted || d.LabelDrifted, d.ReferenceDescription) : null;
            var (decision, decideTiming) = await StageAsync(context, record, PipelineStage.Decide, () =>
                context.CallActivityAsync<PolicyDecision>(nameof(DecideRetrain), new DecideRetrainRequest(model, runId, context.CurrentUtcDateTime, newData, drift), StorageRetry));
            record = Append(record, decideTiming) with { Policy = decision };
            if (!decision.ShouldRetrain)
            {
                return Ended(record, RunOutcome.Skipped, null, $"The retraining policy skipped this run: {decision.Reason}");
            }
        }

        var (snapshot, snapshotTiming) = await StageAsync(context, record, PipelineStage.Snapshot, () =>
            context.CallActivityAsync<SnapshotRef>(nameof(AssembleTrainingSnapshot), new SnapshotRequest(model, runId, spec), StorageRetry));
        record = Append(record, snapshotTiming) with { Snapshot = snapshot };
        if (snapshot.Insufficient is not null)
        {
            return Ended(record, RunOutcome.Rejected, RejectionReason.InsufficientData, snapshot.Insufficient);
        }

        var (features, featuresTiming) = await StageAsync(context, record, PipelineStage.Features, () =>
            context.CallActivityAsync<FeaturesResult>(nameof(EngineerFeatures), new FeaturesRequest(model, runId, spec, snapshot), ComputeRetry));
        record = Append(record, featuresTiming) with { Features = features };

        var trainers = spec.EffectiveTrainers;
        var windows = CandidateWindows(spec.Window, snapshot.TrainRows);
        var ((attempts, fitted), trainTiming) = await StageAsync(context, record, PipelineStage.Train, () =>
            TrainAsync(context, new TrainRequest(model, runId, spec, trainers[0], snapshot, features.FeaturizerPath), trainers, windows),
            TrainDetail(trainers, windows));
        var candidates = attempts.Where(a => a.Candidate is not null).Select(a => a.Candidate!).ToList();
        var failures = attempts.Where(a => a.Failure is not null).Select(a => a.Failure!).ToList();
        record = Append(record, trainTiming) with { Candidates = candidates, FailedCandidates = failures, ChallengerFit = fitted?.Candidate, ChallengerFitFailure = fitted?.Failure };
        if (candidates.Count == 0)
        {
            return Ended(record, RunOutcome.Failed, null, $"All {failures.Count} candidate(s) failed to train; first: {failures[0].Trainer}: {failures[0].Error}");
        }

        var (evaluation, evaluateTiming) = await StageAsync(context, record, PipelineStage.Evaluate, () =>
            context.CallActivityAsync<EvaluationResult>(nameof(EvaluateModel), new EvaluateRequest(model, runId, spec, snapshot, candidates, fitted?.Candidate), ComputeRetry));
        record = Append(record, evaluateTiming) with { Evaluation = evaluation };
        if (evaluation.Decision != GateDecision.Promote)
        {
            var reason = evaluation.Decision switch
            {
                GateDecision.BelowThreshold => RejectionReason.BelowThreshold,
                GateDecision.InsufficientEvidence => RejectionReason.InsufficientEvidence,
                GateDecision.SliceRegression => RejectionReason.SliceRegression,
                _ => RejectionReason.NotBetter,
            };
            return Ended(record, RunOutcome.Rejected, reason, evaluation.Reason);
        }

        var challenger = fitted?.Candidate is { } fit && fit.ModelPath == evaluation.ChallengerPath ? fit : candidates.First(c => c.ModelPath == evaluation.ChallengerPath);
        var deployPath = evaluation.ChallengerPath;
        var seen = SnapshotRowsSeen.TrainingAndSelection;
        var notes = new List<string> { $"Rows: {snapshot.RowSets?.Description}", $"Challenger: {ChallengerNote(challenger, fitted)}", $"Gate: {evaluation.Reason}" };
        if (spec.Gate.Refit)
        {
            var refitRequest = new RefitRequest(model, runId, spec, challenger.Trainer, snapshot, features.FeaturizerPath, evaluation.ChallengerPath, evaluation.Metric, challenger.WindowRows, challenger.WindowFraction, challenger.CalibrationSlope);
            var (refit, refitTiming) = await StageAsync(context, record, PipelineStage.Refit, () => RefitAsync(context, refitRequest), challenger.Trainer.ToString());
            record = Append(record, refitTiming) with { Refit = refit };
            (deployPath, seen) = refit.Accepted ? (refit.ModelPath, SnapshotRowsSeen.All) : (deployPath, seen);
            notes.Add($"Refit: {refit.Reason}");
        }

        if (spec.Approval.Required)
        {
            var (approval, approvalTiming) = await StageAsync(context, record, PipelineStage.Approve, () =>
                AwaitApprovalAsync(context, spec.Approval, model, runId, evaluation.ReportSha256 ?? string.Empty));
            record = Append(record, approvalTiming) with { Approval = approval };
            var who = approval.DecidedBy ?? "nobody (timeout)";
            var why = approval.Reason is null ? string.Empty : $": {approval.Reason}";
            switch (approval.Outcome)
            {
                case ApprovalOutcome.Rejected:
                    return Ended(record, RunOutcome.Rejected, RejectionReason.ApprovalDenied, $"Promotion of {runId} rejected by {who} at {approval.DecidedAt:O}{why}. Gate: {evaluation.Reason}");
                case ApprovalOutcome.TimedOutRejected:
                    return Ended(record, RunOutcome.Rejected, RejectionReason.ApprovalTimedOut, $"No approval decision for {runId} before {approval.Deadline:O}; the timeout policy rejects. Gate: {evaluation.Reason}");
                default:
                    notes.Add($"Approval: {approval.Outcome} by {who} at {approval.DecidedAt:O}{why}");
                    break;
            }
        }

        var deployRequest = new DeployRequest(
            model,
            runId,
            deployPath,
            challenger.Trainer,
            challenger.Parameters,
            evaluation.ChallengerMetrics,
            snapshot.Digest,
            collected.SpecDigest,
            evaluation.ChampionVersion,
            context.CurrentUtcDateTime,
            spec.Task,
            notes,
            seen);
        var (deployment, deployTiming) = await StageAsync(context, record, PipelineStage.Deploy, () =>
            context.CallActivityAsync<DeployResult>(nameof(DeployModel), deployRequest, StorageRetry));
        record = Append(record, deployTiming) with { Deployment = deployment };

        return deployment.Deployed
            ? Ended(record, RunOutcome.Deployed, null, $"Version {deployment.Version} ({challenger.Trainer}) is in production, replacing {deployment.PreviousVersion ?? "nothing"}: {evaluation.Reason}")
            : Ended(record, RunOutcome.Rejected, RejectionReason.Superseded, deployment.Reason ?? "Production changed during the run.");
    }

    private static async Task<RefitResult> RefitAsync(TaskOrchestrationContext context, RefitRequest request)
    {
        try
        {
            return await context.CallActivityAsync<RefitResult>(nameof(RefitModel), request, ComputeRetry);
        }
        catch (TaskFailedException ex)
        {
            // A failed refit must not cost the promotion: the gate approved the challenger, which is deployed instead.
            return new RefitResult(false, request.ChallengerPath, 0, new Dictionary<EvaluationMetric, double>(),
                $"refit {request.Trainer} failed after its retries ({ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}); the challenger is deployed instead");
        }
    }

    /// <summary>
    /// Waits for <see cref="RetrainEvents.ApprovalDecided"/> bound to this candidate and evaluation digest, up to the
    /// spec's timeout (a durable timer). A decision bound to anything else is recorded as stale and the wait goes on.
    /// </summary>
    private static async Task<ApprovalRecord> AwaitApprovalAsync(TaskOrchestrationContext context, ApprovalSpec policy, string model, string candidate, string digest)
    {
        var requestedAt = context.CurrentUtcDateTime;
        var deadline = requestedAt.AddHours(policy.TimeoutHours);
        context.SetCustomStatus(new RunProgress(candidate, PipelineStage.Approve, $"awaiting approval of candidate {candidate} (evaluation sha256 {digest})", candidate, digest, deadline));
        var stale = new List<StaleApproval>();
        using var timeout = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, timeout.Token);
        while (true)
        {
            var decided = context.WaitForExternalEvent<ApprovalDecision>(RetrainEvents.ApprovalDecided);
            if (await Task.WhenAny(decided, timer) == timer)
            {
                var approve = policy.OnTimeout == ApprovalTimeoutPolicy.Approve;
                return new ApprovalRecord(candidate, digest, requestedAt, deadline, approve ? ApprovalOutcome.TimedOutApproved : ApprovalOutcome.TimedOutRejected,
                    null, context.CurrentUtcDateTime, $"no decision within {policy.TimeoutHours} h; policy {policy.OnTimeout}", stale);
            }

            var decision = decided.Result;
            var why = Mismatch(decision, model, candidate, digest);
            if (why is not null)
            {
                stale.Add(new StaleApproval(decision, context.CurrentUtcDateTime, why));
                continue;
            }

            timeout.Cancel();
            return new ApprovalRecord(candidate, digest, requestedAt, deadline, decision.Approved ? ApprovalOutcome.Approved : ApprovalOutcome.Rejected,
                decision.By, context.CurrentUtcDateTime, decision.Reason, stale);
        }
    }

    private static string? Mismatch(ApprovalDecision decision, string model, string candidate, string digest) =>
        !string.Equals(decision.Model, model, StringComparison.Ordinal) ? $"model '{decision.Model}' is not '{model}'"
        : !string.Equals(decision.CandidateVersion, candidate, StringComparison.Ordinal) ? $"candidate '{decision.CandidateVersion}' is not the one waiting ('{candidate}')"
        : !string.Equals(decision.EvaluationDigest, digest, StringComparison.OrdinalIgnoreCase) ? $"evaluation digest '{decision.EvaluationDigest}' is not that of the report under review ('{digest}')"
        : string.IsNullOrWhiteSpace(decision.By) ? "the decision names no approver"
        : null;

    /// <summary>
    /// Trains every trainer × window candidate on the training rows, chooses the challenger on the selection rows
    /// (<see cref="PromotionGate.ChooseChallenger"/>, deterministic on the activities' outputs) and fits its recipe
    /// again on the training and selection rows, so the model that meets production is as fresh as the comparison rows
    /// allow. Without selection rows, or when that fit fails, the chosen candidate itself meets production.
    /// </summary>
    private static async Task<(CandidateAttempt[] Attempts, CandidateAttempt? Fitted)> TrainAsync(
        TaskOrchestrationContext context, TrainRequest template, IReadOnlyList<TrainerKind> trainers, IReadOnlyList<CandidateWindow> windows)
    {
        var attempts = await Task.WhenAll(trainers.SelectMany(trainer => windows.Select(window =>
            TrainCandidateAsync(context, template with { Trainer = trainer, WindowRows = window.Rows, WindowFraction = window.Fraction }))));
        var candidates = attempts.Where(a => a.Candidate is not null).Select(a => a.Candidate!).ToList();
        if (candidates.Count == 0 || template.Snapshot.RowSets is not { SelectionRows: > 0 })
        {
            return (attempts, null);
        }

        var chosen = PromotionGate.ChooseChallenger(candidates, trainers, template.Spec.Gate.EffectiveMetric(template.Spec.Task));
        var fitted = await TrainCandidateAsync(context, template with
        {
            Trainer = chosen.Trainer,
            WindowRows = chosen.WindowRows,
            WindowFraction = chosen.WindowFraction,
            IncludeSelection = true,
            CalibrationSlope = chosen.CalibrationSlope,
        });
        return (attempts, fitted.Candidate is { } fit ? new(fit with { ValidationMetrics = chosen.ValidationMetrics }, null) : fitted);
    }

    private static string ChallengerNote(CandidateResult challenger, CandidateAttempt? fitted) => fitted switch
    {
        { Candidate: { } fit } when fit.ModelPath == challenger.ModelPath =>
            $"{Path.GetFileNameWithoutExtension(fit.ModelPath)}: the best candidate on the selection rows, fitted again on {MetricText.Rows(fit.TrainRows)} training + selection rows before meeting production",
        { Failure: { } failure } => $"{Path.GetFileNameWithoutExtension(challenger.ModelPath)} on {MetricText.Rows(challenger.TrainRows)} training rows (its fit on training + selection rows failed: {failure.Error})",
        _ => $"{Path.GetFileNameWithoutExtension(challenger.ModelPath)} on {MetricText.Rows(challenger.TrainRows)} training rows",
    };

    private static async Task<CandidateAttempt> TrainCandidateAsync(TaskOrchestrationContext context, TrainRequest request)
    {
        try
        {
            return new(await context.CallActivityAsync<CandidateResult>(nameof(TrainModel), request, ComputeRetry), null);
        }
        catch (TaskFailedException ex)
        {
            // One failing trainer must not sink the others; the failure is recorded with the run.
            return new(null, new CandidateFailure(request.Trainer, $"{ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}", request.WindowRows, request.WindowFraction));
        }
    }

    private static async Task<(T Result, StageTiming Timing)> StageAsync<T>(
        TaskOrchestrationContext context,
        RunRecord record,
        PipelineStage stage,
        Func<Task<T>> run,
        string? detail = null)
    {
        context.SetCustomStatus(new RunProgress(record.RunId, stage, detail));
        var startedAt = context.CurrentUtcDateTime;
        var result = await run();
        return (result, new StageTiming(stage, startedAt, context.CurrentUtcDateTime));
    }

    /// <summary>
    /// The training windows of the fan-out: the whole train split first, then each distinct
    /// <see cref="WindowSpec.CandidateRows"/> smaller than the train split, smallest first, then each distinct
    /// <see cref="WindowSpec.CandidateFractions"/> share whose rows (at least 10) differ from the windows before it, smallest first.
    /// </summary>
    private static List<CandidateWindow> CandidateWindows(WindowSpec window, int trainRows)
    {
        List<CandidateWindow> windows = [new(null, null), .. (window.CandidateRows ?? []).Where(n => n < trainRows).Distinct().Order().Select(n => new CandidateWindow(n, null))];
        foreach (var share in (window.CandidateFractions ?? []).Distinct().Order())
        {
            var rows = (int)Math.Ceiling(trainRows * share);
            if (rows >= 10 && rows < trainRows && !windows.Any(w => w.Rows == rows || (w.Fraction is { } f && (int)Math.Ceiling(trainRows * f) == rows)))
            {
                windows.Add(new(null, share));
            }
        }

        return windows;
    }

    /// <summary>The Train stage's progress detail: the trainers, and the candidate windows when there are any.</summary>
    private static string TrainDetail(IReadOnlyList<TrainerKind> trainers, List<CandidateWindow> windows) =>
        string.Join(", ", trainers)
        + (windows.Count > 1 ? " × windows " + string.Join(", ", windows.Select(w => w switch
        {
            { Fraction: { } f } => FormattableString.Invariant($"newest {f:0.###}"),
            { Rows: { } n } => FormattableString.Invariant($"newest {n}"),
            _ => "all",
        })) : string.Empty);

    private static RunRecord Append(RunRecord record, StageTiming timing) => record with { Stages = [.. record.Stages, timing] };

    private static RunRecord Ended(RunRecord record, RunOutcome outcome, RejectionReason? rejection, string reason) =>
        record with { Outcome = outcome, Rejection = rejection, Reason = reason };

    private sealed record CandidateAttempt(CandidateResult? Candidate, CandidateFailure? Failure);

    /// <summary>One training window of the fan-out: the newest <paramref name="Rows"/> rows or <paramref name="Fraction"/> of them, or (both null) all.</summary>
    private sealed record CandidateWindow(int? Rows, double? Fraction);
}
