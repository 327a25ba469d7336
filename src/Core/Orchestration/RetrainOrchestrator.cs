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
/// <remarks>
/// <para>
/// Versioned with the Durable Task SDK's orchestration versioning: instances started by <c>RunStarter</c> carry
/// <see cref="CurrentVersion"/>, a follow-up run (continue-as-new, a fresh history) moves to it, and an instance
/// replays on the code of the version it started on. A change that alters what an instance asks for (an activity, an
/// input, a reason string, the order of calls: the replay tests under <c>tests/Core.Tests/Orchestration/Replay</c>
/// fail) adds a version: append it to <see cref="Versions"/>, make it <see cref="CurrentVersion"/>, and branch on
/// <c>context.CompareVersionTo("N") &gt;= 0</c> where the new behaviour starts, keeping the old path for older
/// instances. Instances started before versioning (no version) run as version 1.
/// </para>
/// </remarks>
public static class RetrainOrchestrator
{
    /// <summary>The orchestrator version new runs start on.</summary>
    /// <remarks>
    /// Version 2: <c>DecideRetrain</c> receives the spec the run collected under (<see cref="DecideRetrainRequest.Spec"/>)
    /// instead of reading the current one, so every stage of a run sees one spec.
    /// Version 3: an <see cref="TrainerKind.Ensemble"/> candidate is trained after the other candidates of its window and
    /// reuses their models (<see cref="TrainRequest.MemberModels"/>) instead of fitting its members again.
    /// </remarks>
    public const string CurrentVersion = "3";

    /// <summary>Gets every version this build can run, oldest first; registrations (the in-process engine's) come from here.</summary>
    public static IReadOnlyList<string> Versions { get; } = ["1", "2", "3"];

    /// <summary>Runs one retraining cycle for <paramref name="request"/>'s model.</summary>
    public static async Task<RunRecord> RunAsync(TaskOrchestrationContext context, RetrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        EnsureKnownVersion(context);

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
            record = RunNarrative.ActivityFailed(record, ex.TaskName, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage, ex.FailureDetails.ToString());
        }

        record = record with { CompletedAt = context.CurrentUtcDateTime };
        await RetrainActivities.RecordRun.CallAsync(context, record);
        OrchestrationLog.RunEnded(logger, record.Model, record.RunId, record.Outcome, record.Reason);

        if (laterTrigger.IsCompleted)
        {
            // Data that arrived during this run waits in incoming/: the next run, same instance id, picks it up.
            context.ContinueAsNew(new ContinueAsNewOptions
            {
                NewInput = laterTrigger.Result with { Trigger = RunTrigger.Coalesced, RunId = RetrainInstanceIds.FollowUpRunId(record.RunId) },
                PreserveUnprocessedEvents = false,
                NewVersion = CurrentVersion,
            });
        }

        return record;
    }

    /// <summary>
    /// Refuses an instance started on a version this build does not know (a newer deployment's): failing it names the
    /// version, where running it on older code would break its history.
    /// </summary>
    private static void EnsureKnownVersion(TaskOrchestrationContext context)
    {
        if (!string.IsNullOrEmpty(context.Version) && !Versions.Contains(context.Version, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"Instance {context.InstanceId} was started on orchestrator version {context.Version}; this build runs versions {string.Join(", ", Versions)}.");
        }
    }

    /// <summary>The pipeline: each stage's activity, then whether the run ends there (<see cref="RunNarrative"/> says why).</summary>
    private static async Task<RunRecord> RunPipelineAsync(TaskOrchestrationContext context, RetrainRequest request, RunRecord record)
    {
        var run = new PipelineRun(context, request, record);
        var collected = await CollectAsync(run);
        if (RunNarrative.AfterCollect(run.Record, collected, request.Force) is { } nothingNew)
        {
            return nothingNew;
        }

        var spec = collected.Spec;
        var validated = collected.NewBatches.Count > 0 ? await ValidateAsync(run, spec, collected.NewBatches) : null;
        if (validated is not null && RunNarrative.AfterValidate(run.Record, validated, request.Force) is { } invalid)
        {
            return invalid;
        }

        await CheckProbationAsync(run, spec, validated);
        if (await DecideAsync(run, spec, validated) is { } notYet)
        {
            return notYet;
        }

        var snapshot = await AssembleSnapshotAsync(run, spec);
        if (RunNarrative.AfterSnapshot(run.Record, snapshot) is { } insufficient)
        {
            return insufficient;
        }

        var features = await EngineerFeaturesAsync(run, spec, snapshot);
        var trained = await TrainAsync(run, spec, snapshot, features);
        if (RunNarrative.AfterTrain(run.Record, trained.Candidates, trained.Failures) is { } untrained)
        {
            return untrained;
        }

        var evaluation = await EvaluateAsync(run, spec, snapshot, trained);
        if (RunNarrative.AfterEvaluate(run.Record, evaluation) is { } rejected)
        {
            return rejected;
        }

        var promotion = Promotion.Of(snapshot, trained, evaluation, spec.Gate.SelectAmong);
        promotion = spec.Gate.Refit ? await RefitAsync(run, spec, snapshot, features, evaluation, promotion) : promotion;
        if (spec.Approval.Required && await ApproveAsync(run, spec.Approval, evaluation, promotion) is { } denied)
        {
            return denied;
        }

        var deployment = await DeployAsync(run, spec, collected.SpecDigest, snapshot, evaluation, promotion);
        return RunNarrative.AfterDeploy(run.Record, deployment, promotion.Challenger.Trainer, evaluation.Reason);
    }

    private static async Task<CollectResult> CollectAsync(PipelineRun run)
    {
        var (collected, timing) = await run.StageAsync(PipelineStage.Collect, () =>
            RetrainActivities.CollectTrainingData.CallAsync(run.Context, new CollectRequest(run.Model, run.RunId)));
        run.Record = run.Timed(timing) with
        {
            SpecDigest = collected.SpecDigest,
            CollectedBatches = collected.NewBatches,
            DuplicatesIgnored = collected.DuplicatesIgnored,
            RefusedFiles = collected.Refused,
        };
        return collected;
    }

    private static async Task<ValidationResult> ValidateAsync(PipelineRun run, ModelSpec spec, IReadOnlyList<BatchRef> batches)
    {
        var (validation, timing) = await run.StageAsync(PipelineStage.Validate, () =>
            RetrainActivities.ValidateDataset.CallAsync(run.Context, new ValidateRequest(run.Model, run.RunId, spec, batches)));
        run.Record = run.Timed(timing) with { Validation = validation };
        return validation;
    }

    /// <summary>The newest deployment meets labels it never saw before anything is learned from them.</summary>
    private static async Task CheckProbationAsync(PipelineRun run, ModelSpec spec, ValidationResult? validation)
    {
        if (validation is null || !spec.Gate.Probation || validation.Accepted.Count == 0)
        {
            return;
        }

        var (probation, timing) = await run.StageAsync(PipelineStage.Probation, () =>
            RetrainActivities.CheckProbation.CallAsync(run.Context, new ProbationRequest(run.Model, run.RunId, spec, [.. validation.Accepted.Select(a => a.BatchId)])));
        run.Record = (probation.Checked ? run.Timed(timing) : run.Record) with { Probation = probation };
    }

    /// <summary>
    /// The policy decides on the evidence of this run's accepted data; a forced run (a person or a backtest), or a spec
    /// without a policy, skips it. Returns the ended record when the policy says not yet.
    /// </summary>
    private static async Task<RunRecord?> DecideAsync(PipelineRun run, ModelSpec spec, ValidationResult? validated)
    {
        if (spec.Policy is null || run.Request.Force)
        {
            return null;
        }

        var newData = validated?.Accepted.Select(a => ModelArtifacts.For(run.Model).Batches.Accepted(a.BatchId)).ToList() ?? [];
        var drift = DriftSignal.From(validated?.Drift);
        var runSpec = run.Context.CompareVersionTo("2") >= 0 ? spec : null;
        var (decision, timing) = await run.StageAsync(PipelineStage.Decide, () =>
            RetrainActivities.DecideRetrain.CallAsync(run.Context, new DecideRetrainRequest(run.Model, run.RunId, run.Context.CurrentUtcDateTime, newData, drift, runSpec)));
        run.Record = run.Timed(timing) with { Policy = decision };
        return RunNarrative.AfterDecide(run.Record, decision);
    }

    private static async Task<SnapshotRef> AssembleSnapshotAsync(PipelineRun run, ModelSpec spec)
    {
        var (snapshot, timing) = await run.StageAsync(PipelineStage.Snapshot, () =>
            RetrainActivities.AssembleTrainingSnapshot.CallAsync(run.Context, new SnapshotRequest(run.Model, run.RunId, spec)));
        run.Record = run.Timed(timing) with { Snapshot = snapshot };
        return snapshot;
    }

    private static async Task<FeaturesResult> EngineerFeaturesAsync(PipelineRun run, ModelSpec spec, SnapshotRef snapshot)
    {
        var (features, timing) = await run.StageAsync(PipelineStage.Features, () =>
            RetrainActivities.EngineerFeatures.CallAsync(run.Context, new FeaturesRequest(run.Model, run.RunId, spec, snapshot)));
        run.Record = run.Timed(timing) with { Features = features };
        return features;
    }

    private static async Task<Training> TrainAsync(PipelineRun run, ModelSpec spec, SnapshotRef snapshot, FeaturesResult features)
    {
        var trainers = spec.EffectiveTrainers;
        var windows = CandidateWindow.For(spec.Window, snapshot.TrainRows);
        var template = new TrainRequest(run.Model, run.RunId, spec, trainers[0], snapshot, features.FeaturizerPath);
        var ((attempts, fitted), timing) = await run.StageAsync(PipelineStage.Train, () =>
            TrainCandidatesAsync(run.Context, template, trainers, windows), RunNarrative.TrainDetail(trainers, windows));
        var training = new Training(
            [.. attempts.Where(a => a.Candidate is not null).Select(a => a.Candidate!)],
            [.. attempts.Where(a => a.Failure is not null).Select(a => a.Failure!)],
            fitted?.Candidate,
            fitted?.Failure);
        run.Record = run.Timed(timing) with { Candidates = training.Candidates, FailedCandidates = training.Failures, ChallengerFit = training.Fitted, ChallengerFitFailure = training.FitFailure };
        return training;
    }

    private static async Task<EvaluationResult> EvaluateAsync(PipelineRun run, ModelSpec spec, SnapshotRef snapshot, Training trained)
    {
        var (evaluation, timing) = await run.StageAsync(PipelineStage.Evaluate, () =>
            RetrainActivities.EvaluateModel.CallAsync(run.Context, new EvaluateRequest(run.Model, run.RunId, spec, snapshot, trained.Candidates, trained.Fitted)));
        run.Record = run.Timed(timing) with { Evaluation = evaluation };
        return evaluation;
    }

    /// <summary>Refits the challenger's recipe on the whole snapshot; an accepted refit is what gets deployed.</summary>
    private static async Task<Promotion> RefitAsync(PipelineRun run, ModelSpec spec, SnapshotRef snapshot, FeaturesResult features, EvaluationResult evaluation, Promotion promotion)
    {
        var challenger = promotion.Challenger;
        var request = new RefitRequest(run.Model, run.RunId, spec, challenger.Trainer, snapshot, features.FeaturizerPath, evaluation.ChallengerPath, evaluation.Metric, challenger.WindowRows, challenger.WindowFraction, challenger.CalibrationSlope, challenger.HalfLifeFraction);
        var (refit, timing) = await run.StageAsync(PipelineStage.Refit, () => RefitOrKeepAsync(run.Context, request), challenger.Trainer.ToString());
        run.Record = run.Timed(timing) with { Refit = refit };
        promotion.Notes.Add(RunNarrative.RefitNote(refit));
        return refit.Accepted ? promotion with { ModelPath = refit.ModelPath, Seen = SnapshotRowsSeen.All } : promotion;
    }

    private static async Task<DeployResult> DeployAsync(PipelineRun run, ModelSpec spec, string specDigest, SnapshotRef snapshot, EvaluationResult evaluation, Promotion promotion)
    {
        var challenger = promotion.Challenger;
        var request = new DeployRequest(run.Model, run.RunId, promotion.ModelPath, challenger.Trainer, challenger.Parameters, evaluation.ChallengerMetrics,
            snapshot.Digest, specDigest, evaluation.ChampionVersion, run.Context.CurrentUtcDateTime, spec.Task, promotion.Notes, promotion.Seen);
        var (deployment, timing) = await run.StageAsync(PipelineStage.Deploy, () =>
            RetrainActivities.DeployModel.CallAsync(run.Context, request));
        run.Record = run.Timed(timing) with { Deployment = deployment };
        return deployment;
    }

    private static async Task<RefitResult> RefitOrKeepAsync(TaskOrchestrationContext context, RefitRequest request)
    {
        try
        {
            return await RetrainActivities.RefitModel.CallAsync(context, request);
        }
        catch (TaskFailedException ex)
        {
            // A failed refit must not cost the promotion: the gate approved the challenger, which is deployed instead.
            return RunNarrative.RefitFailed(request, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage);
        }
    }

    /// <summary>
    /// The Approve stage: waits for a person's decision (see <see cref="WaitForApprovalAsync"/>). Returns the ended
    /// record when the promotion is rejected; otherwise the approval joins the promotion's notes.
    /// </summary>
    private static async Task<RunRecord?> ApproveAsync(PipelineRun run, ApprovalSpec policy, EvaluationResult evaluation, Promotion promotion)
    {
        var (approval, timing) = await run.StageAsync(PipelineStage.Approve, () =>
            WaitForApprovalAsync(run.Context, policy, run.Model, run.RunId, evaluation.ReportSha256 ?? string.Empty));
        run.Record = run.Timed(timing) with { Approval = approval };
        var denied = RunNarrative.AfterApproval(run.Record, approval, evaluation.Reason);
        if (denied is null)
        {
            promotion.Notes.Add(RunNarrative.ApprovalNote(approval));
        }

        return denied;
    }

    /// <summary>
    /// Waits for <see cref="RetrainEvents.ApprovalDecided"/> bound to this candidate and evaluation digest, up to the
    /// spec's timeout (a durable timer). A decision bound to anything else is recorded as stale and the wait goes on.
    /// </summary>
    private static async Task<ApprovalRecord> WaitForApprovalAsync(TaskOrchestrationContext context, ApprovalSpec policy, string model, string candidate, string digest)
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
    /// allow. Without selection rows, when they are under <see cref="GateSpec.MinSelectionShareToRefit"/> of the training
    /// rows (one candidate at scale: <see cref="GateSpec.SingleCandidateSelectionRows"/>), or when that fit fails, the
    /// chosen candidate itself meets production.
    /// </summary>
    private static async Task<(CandidateAttempt[] Attempts, CandidateAttempt? Fitted)> TrainCandidatesAsync(
        TaskOrchestrationContext context, TrainRequest template, IReadOnlyList<TrainerKind> trainers, IReadOnlyList<CandidateWindow> windows)
    {
        var attempts = context.CompareVersionTo("3") >= 0 && trainers.Contains(TrainerKind.Ensemble)
            ? await TrainMembersThenEnsemblesAsync(context, template, trainers, windows)
            : await Task.WhenAll(trainers.SelectMany(trainer => windows.Select(window => TrainCandidateAsync(context, Candidate(template, trainer, window)))));
        var candidates = attempts.Where(a => a.Candidate is not null).Select(a => a.Candidate!).ToList();
        if (candidates.Count == 0 || template.Snapshot.RowSets is not { SelectionRows: > 0 } sets
            || sets.SelectionRows < sets.TrainingRows * GateSpec.MinSelectionShareToRefit)
        {
            return (attempts, null);
        }

        var chosen = PromotionGate.ChooseChallenger(candidates, trainers, template.Spec.Gate.EffectiveMetric(template.Spec.Task), template.Spec.Gate.SelectAmong);
        var fitted = await TrainCandidateAsync(context, template with
        {
            Trainer = chosen.Trainer,
            WindowRows = chosen.WindowRows,
            WindowFraction = chosen.WindowFraction,
            HalfLifeFraction = chosen.HalfLifeFraction,
            IncludeSelection = true,
            CalibrationSlope = chosen.CalibrationSlope,
        });
        return (attempts, fitted.Candidate is { } fit ? new(fit with { ValidationMetrics = chosen.ValidationMetrics }, null) : fitted);
    }

    /// <summary>
    /// Version 3's fan-out when the spec lists <see cref="TrainerKind.Ensemble"/>: every other trainer × window first, then
    /// one ensemble per window built from that window's candidates (<see cref="TrainRequest.MemberModels"/>), so no member is
    /// fitted twice on the same rows. The attempts come back in the order of the one-phase fan-out.
    /// </summary>
    private static async Task<CandidateAttempt[]> TrainMembersThenEnsemblesAsync(
        TaskOrchestrationContext context, TrainRequest template, IReadOnlyList<TrainerKind> trainers, IReadOnlyList<CandidateWindow> windows)
    {
        var singles = trainers.Where(t => t != TrainerKind.Ensemble).ToList();
        var keys = singles.SelectMany(trainer => windows.Select(window => (trainer, window))).ToList();
        var first = await Task.WhenAll(keys.Select(key => TrainCandidateAsync(context, Candidate(template, key.trainer, key.window))));
        var byKey = keys.Zip(first).ToDictionary(pair => pair.First, pair => pair.Second);

        var ensembles = await Task.WhenAll(windows.Select(window => TrainCandidateAsync(context, Candidate(template, TrainerKind.Ensemble, window) with
        {
            MemberModels = [.. singles.Select(t => byKey[(t, window)].Candidate).OfType<CandidateResult>().Select(c => new MemberModel(c.Trainer, c.ModelPath))],
        })));
        for (var w = 0; w < windows.Count; w++)
        {
            byKey[(TrainerKind.Ensemble, windows[w])] = ensembles[w];
        }

        return [.. trainers.SelectMany(trainer => windows.Select(window => byKey[(trainer, window)]))];
    }

    private static TrainRequest Candidate(TrainRequest template, TrainerKind trainer, CandidateWindow window) =>
        template with { Trainer = trainer, WindowRows = window.Rows, WindowFraction = window.Fraction, HalfLifeFraction = window.HalfLifeFraction };

    private static async Task<CandidateAttempt> TrainCandidateAsync(TaskOrchestrationContext context, TrainRequest request)
    {
        try
        {
            return new(await RetrainActivities.TrainModel.CallAsync(context, request), null);
        }
        catch (TaskFailedException ex)
        {
            // One failing trainer must not sink the others; the failure is recorded with the run.
            return new(null, RunNarrative.CandidateFailed(request, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage));
        }
    }

    private sealed record CandidateAttempt(CandidateResult? Candidate, CandidateFailure? Failure);

    /// <summary>The Train stage's outcome: the candidates, the failed ones, and the challenger's fit on training + selection rows.</summary>
    private sealed record Training(List<CandidateResult> Candidates, List<CandidateFailure> Failures, CandidateResult? Fitted, CandidateFailure? FitFailure);

    /// <summary>What a promotion deploys: the challenger, the model file (the refit when accepted), the rows it saw, the notes.</summary>
    private sealed record Promotion(CandidateResult Challenger, string ModelPath, SnapshotRowsSeen Seen, List<string> Notes)
    {
        /// <summary>The gate's challenger: its fit on training + selection rows when that is what met production, else the candidate.</summary>
        public static Promotion Of(SnapshotRef snapshot, Training trained, EvaluationResult evaluation, CandidateSelection among)
        {
            var challenger = trained.Fitted is { } fit && fit.ModelPath == evaluation.ChallengerPath ? fit : trained.Candidates.First(c => c.ModelPath == evaluation.ChallengerPath);
            return new(challenger, evaluation.ChallengerPath, SnapshotRowsSeen.TrainingAndSelection,
                RunNarrative.PromotionNotes(snapshot, challenger, trained.Fitted, trained.FitFailure, evaluation.Reason, among));
        }
    }
}
