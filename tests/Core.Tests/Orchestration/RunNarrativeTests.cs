using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Orchestration;

public sealed class RunNarrativeTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static readonly RunRecord Record = new()
    {
        Model = "churn",
        RunId = "20260304T050607Z-0badcafe",
        InstanceId = "retrain-churn",
        Trigger = RunTrigger.Http,
        StartedAt = At,
    };

    private static readonly BatchRef Batch = new("b1", "pending/churn/b1.csv", "week-1.csv", 10);

    [Fact]
    public void AfterCollect_NewBatches_GoesOn()
    {
        Assert.Null(RunNarrative.AfterCollect(Record, new CollectResult(Spec(), "d", [Batch], 0), force: false));
    }

    [Fact]
    public void AfterCollect_NothingNew_SkippedNamingTheFolderAndDuplicates()
    {
        var ended = RunNarrative.AfterCollect(Record, new CollectResult(Spec(), "d", [], DuplicatesIgnored: 2), force: false);

        Assert.Equal((RunOutcome.Skipped, (RejectionReason?)null), (ended!.Outcome, ended.Rejection));
        Assert.Equal("No new data under incoming/churn/ (2 duplicate file(s) ignored); nothing to retrain on.", ended.Reason);
    }

    [Fact]
    public void AfterCollect_EveryFileRefused_RejectedAsDataInvalidWithTheFirstRefusal()
    {
        var refused = new QuarantinedBatch("b9", "week-9.csv", "r.json", "not UTF-8");

        var ended = RunNarrative.AfterCollect(Record, new CollectResult(Spec(), "d", [], 0, [refused, refused with { SourceName = "x.csv" }]), force: false);

        Assert.Equal((RunOutcome.Rejected, RejectionReason.DataInvalid), (ended!.Outcome, ended.Rejection));
        Assert.Equal("All 2 new file(s) were refused and quarantined; first: 'week-9.csv': not UTF-8", ended.Reason);
    }

    [Fact]
    public void AfterCollect_NothingNewButForced_GoesOn()
    {
        Assert.Null(RunNarrative.AfterCollect(Record, new CollectResult(Spec(), "d", [], 0), force: true));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void AfterValidate_EverythingQuarantined_RejectedUnlessForced(bool force, bool ends)
    {
        var validation = new ValidationResult([], [new QuarantinedBatch("b1", "week-1.csv", "r.json", "Column 'label' is missing")], "report.json");

        var ended = RunNarrative.AfterValidate(Record, validation, force);

        Assert.Equal(ends, ended is not null);
        if (ends)
        {
            Assert.Equal((RunOutcome.Rejected, RejectionReason.DataInvalid), (ended!.Outcome, ended.Rejection));
            Assert.Equal("All 1 new batch(es) failed validation and were quarantined; first: 'week-1.csv': Column 'label' is missing", ended.Reason);
        }
    }

    [Fact]
    public void AfterValidate_OneBatchAccepted_GoesOn()
    {
        Assert.Null(RunNarrative.AfterValidate(Record, new ValidationResult([new AcceptedBatch("b1", "week-1.csv", 10, 0)], [], "report.json"), force: false));
    }

    [Fact]
    public void AfterSnapshot_Insufficient_RejectedWithTheSnapshotsReason()
    {
        var ended = RunNarrative.AfterSnapshot(Record, new SnapshotRef("d", "m.json", 1, 10, 2, 2, Insufficient: "12 rows; the spec needs 100"));

        Assert.Equal((RunOutcome.Rejected, RejectionReason.InsufficientData, "12 rows; the spec needs 100"), (ended!.Outcome, ended.Rejection, ended.Reason));
        Assert.Null(RunNarrative.AfterSnapshot(Record, new SnapshotRef("d", "m.json", 1, 100, 20, 20)));
    }

    [Fact]
    public void AfterTrain_NoCandidate_FailedWithTheFirstFailure()
    {
        var ended = RunNarrative.AfterTrain(Record, [], [new CandidateFailure(TrainerKind.FastTree, "IOException: disk full"), new CandidateFailure(TrainerKind.LightGbm, "x")]);

        Assert.Equal((RunOutcome.Failed, (RejectionReason?)null), (ended!.Outcome, ended.Rejection));
        Assert.Equal("All 2 candidate(s) failed to train; first: FastTree: IOException: disk full", ended.Reason);
        Assert.Null(RunNarrative.AfterTrain(Record, [Candidate("a.zip")], []));
    }

    [Theory]
    [InlineData(GateDecision.BelowThreshold, RejectionReason.BelowThreshold)]
    [InlineData(GateDecision.InsufficientEvidence, RejectionReason.InsufficientEvidence)]
    [InlineData(GateDecision.SliceRegression, RejectionReason.SliceRegression)]
    [InlineData(GateDecision.NotBetter, RejectionReason.NotBetter)]
    public void AfterEvaluate_NotPromoted_RejectedWithTheGatesReason(GateDecision decision, RejectionReason expected)
    {
        var ended = RunNarrative.AfterEvaluate(Record, Evaluation(decision, "the gate's words"));

        Assert.Equal((RunOutcome.Rejected, expected, "the gate's words"), (ended!.Outcome, ended.Rejection, ended.Reason));
    }

    [Fact]
    public void AfterEvaluate_Promoted_GoesOn()
    {
        Assert.Null(RunNarrative.AfterEvaluate(Record, Evaluation(GateDecision.Promote, "better")));
    }

    [Fact]
    public void AfterApproval_RejectedByAPerson_ApprovalDeniedNamingWhoWhenAndWhy()
    {
        var ended = RunNarrative.AfterApproval(Record, Approval(ApprovalOutcome.Rejected, "bob", "slice looks odd"), "better");

        Assert.Equal((RunOutcome.Rejected, RejectionReason.ApprovalDenied), (ended!.Outcome, ended.Rejection));
        Assert.Equal("Promotion of 20260304T050607Z-0badcafe rejected by bob at 2026-03-04T06:06:07.0000000+00:00: slice looks odd. Gate: better", ended.Reason);
    }

    [Fact]
    public void AfterApproval_TimedOutAndPolicyRejects_ApprovalTimedOutNamingTheDeadline()
    {
        var ended = RunNarrative.AfterApproval(Record, Approval(ApprovalOutcome.TimedOutRejected, null, null), "better");

        Assert.Equal((RunOutcome.Rejected, RejectionReason.ApprovalTimedOut), (ended!.Outcome, ended.Rejection));
        Assert.Equal("No approval decision for 20260304T050607Z-0badcafe before 2026-03-04T07:06:07.0000000+00:00; the timeout policy rejects. Gate: better", ended.Reason);
    }

    [Theory]
    [InlineData(ApprovalOutcome.Approved, "alice", "Approval: Approved by alice at 2026-03-04T06:06:07.0000000+00:00: ok")]
    [InlineData(ApprovalOutcome.TimedOutApproved, null, "Approval: TimedOutApproved by nobody (timeout) at 2026-03-04T06:06:07.0000000+00:00: ok")]
    public void AfterApproval_Approved_GoesOnWithANote(ApprovalOutcome outcome, string? by, string note)
    {
        var approval = Approval(outcome, by, "ok");

        Assert.Null(RunNarrative.AfterApproval(Record, approval, "better"));
        Assert.Equal(note, RunNarrative.ApprovalNote(approval));
    }

    [Fact]
    public void AfterDeploy_Deployed_NamesVersionTrainerPredecessorAndGate()
    {
        var ended = RunNarrative.AfterDeploy(Record, new DeployResult(true, "v2", "v1"), TrainerKind.LightGbm, "better");

        Assert.Equal((RunOutcome.Deployed, "Version v2 (LightGbm) is in production, replacing v1: better"), (ended.Outcome, ended.Reason));
        Assert.Equal("Version v2 (LightGbm) is in production, replacing nothing: better",
            RunNarrative.AfterDeploy(Record, new DeployResult(true, "v2", null), TrainerKind.LightGbm, "better").Reason);
    }

    [Fact]
    public void AfterDeploy_PointerMoved_SupersededWithTheDeployersReasonOrADefault()
    {
        var said = RunNarrative.AfterDeploy(Record, new DeployResult(false, "v2", "v1", "pointer moved to v3"), TrainerKind.LightGbm, "better");
        var silent = RunNarrative.AfterDeploy(Record, new DeployResult(false, "v2", "v1"), TrainerKind.LightGbm, "better");

        Assert.Equal((RunOutcome.Rejected, RejectionReason.Superseded, "pointer moved to v3"), (said.Outcome, said.Rejection, said.Reason));
        Assert.Equal("Production changed during the run.", silent.Reason);
    }

    [Fact]
    public void ActivityFailed_Always_FailedWithTheTaskAndTheError()
    {
        var ended = RunNarrative.ActivityFailed(Record, "DeployModel", "IOException", "disk full", "details");

        Assert.Equal((RunOutcome.Failed, "Activity DeployModel failed after its retries: IOException: disk full", "details"), (ended.Outcome, ended.Reason, ended.Error));
    }

    [Fact]
    public void ChallengerNote_FitIsTheChallenger_SaysItWasFittedAgain()
    {
        var candidate = Candidate("runs/churn/r/LightGbm.zip");
        var fit = Candidate("runs/churn/r/LightGbm-fit.zip", rows: 1_200);

        Assert.Equal("LightGbm-fit: the best candidate on the selection rows, fitted again on 1,200 training + selection rows before meeting production",
            RunNarrative.ChallengerNote(fit, fit, null));
        Assert.Equal("LightGbm on 1,000 training rows (its fit on training + selection rows failed: OutOfMemory)",
            RunNarrative.ChallengerNote(candidate, null, new CandidateFailure(TrainerKind.LightGbm, "OutOfMemory")));
        Assert.Equal("LightGbm on 1,000 training rows", RunNarrative.ChallengerNote(candidate, fit, null));
    }

    [Fact]
    public void ChallengerNote_SelectAmongEnsembles_SaysTheBestEnsemble()
    {
        var fit = Candidate("runs/churn/r/Ensemble-newest125permille-withselection.zip", rows: 1_200) with { Trainer = TrainerKind.Ensemble };

        Assert.Equal("Ensemble-newest125permille-withselection: the best ensemble (gate.selectAmong Ensembles) on the selection rows, fitted again on 1,200 training + selection rows before meeting production",
            RunNarrative.ChallengerNote(fit, fit, null, CandidateSelection.Ensembles));
    }

    [Fact]
    public void TrainDetail_SeveralWindows_ListsTrainersThenWindows()
    {
        Assert.Equal("LightGbm, FastTree × windows all, newest 500, newest 0.25",
            RunNarrative.TrainDetail([TrainerKind.LightGbm, TrainerKind.FastTree], [new(null, null), new(500, null), new(null, 0.25)]));
        Assert.Equal("LightGbm", RunNarrative.TrainDetail([TrainerKind.LightGbm], [new(null, null)]));
    }

    private static ModelSpec Spec() => new()
    {
        Name = "churn",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        Features = [new("x1", FeatureType.Numeric)],
    };

    private static CandidateResult Candidate(string path, int rows = 1_000) =>
        new(TrainerKind.LightGbm, path, new Dictionary<EvaluationMetric, double>(), rows, 1.0, new Dictionary<string, string>());

    private static EvaluationResult Evaluation(GateDecision decision, string reason) =>
        new(decision, reason, EvaluationMetric.LogLoss, TrainerKind.LightGbm, "c.zip", new Dictionary<EvaluationMetric, double>(), null, null, 100, "report.json");

    private static ApprovalRecord Approval(ApprovalOutcome outcome, string? by, string? reason) =>
        new(Record.RunId, "digest", At, At.AddHours(2), outcome, by, At.AddHours(1), reason, []);
}
