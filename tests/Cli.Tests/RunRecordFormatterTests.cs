using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli.Tests;

public sealed class RunRecordFormatterTests
{
    [Fact]
    public void Summary_ProductionWorseThanBaseline_ShowsTheWarningLine()
    {
        // Arrange
        var record = Record(new BaselineCheck("always predicting 'DOWN'", EvaluationMetric.Accuracy, 0.36, 0.61, null, Worse: true));

        // Act
        var summary = RetrainFunctions.Cli.Commands.RunCommand.Summary(record);

        // Assert
        Assert.Equal("warning: production v3 is worse than always predicting 'DOWN' on the comparison rows (accuracy 0.360 vs 0.610)", RunRecordFormatter.BaselineWarning(record));
        Assert.Contains("\nwarning: production v3 is worse than always predicting 'DOWN'", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void BaselineWarning_ProductionBetterThanBaseline_None()
    {
        // Act / Assert
        Assert.Null(RunRecordFormatter.BaselineWarning(Record(new BaselineCheck("always predicting 'DOWN'", EvaluationMetric.Accuracy, 0.8, 0.61, null, Worse: false))));
        Assert.Null(RunRecordFormatter.BaselineWarning(Record(null)));
    }

    [Fact]
    public void Summary_DriftedBatch_ShowsTheDriftNotJustOk()
    {
        // Arrange: issue #16 found "Validate 1 ok" for a batch with 88.7 % weighted drift.
        var drift = new RetrainFunctions.Core.Drift.DriftSummary(DriftReferenceKind.Production, "the production training snapshot", true, true, 0.887, ["nswprice", "vicprice"], false, "d.json", "d.html");
        var record = Record(null) with
        {
            Validation = new RetrainFunctions.Core.Validation.ValidationResult([new("b1", "week.csv", 336, 2)], [], "runs/elec/r1/validation.json", drift),
            Stages = [new StageTiming(PipelineStage.Validate, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1))],
        };

        // Act
        var summary = RetrainFunctions.Cli.Commands.RunCommand.Summary(record);

        // Assert
        Assert.Contains("1 ok, 2 warning(s), drift 88.7 % weighted (dataset drifted): nswprice, vicprice", summary, StringComparison.Ordinal);
        Assert.Contains("Drift of the new data: 88.7 % weighted", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_SkippedByTheWeeklyPolicy_SaysForceRetrainsNow()
    {
        // Arrange: issue #16 found every run within 7 days of init Skipped without a word about --force.
        var policy = new RetrainFunctions.Core.Policies.PolicyDecision
        {
            Verdict = RetrainFunctions.Core.Policies.RetrainVerdict.Skip,
            Hold = RetrainFunctions.Core.Policies.PolicyHold.NoTrigger,
            Reason = "no trigger fired: 2.0 of 7 days since the last retrain (policy.everyDays)",
            At = DateTimeOffset.UnixEpoch,
            Triggers = [],
            State = new(),
        };
        var record = Record(null) with { Outcome = RunOutcome.Skipped, Evaluation = null, Policy = policy, Reason = $"The retraining policy skipped this run: {policy.Reason}" };

        // Act
        var summary = RetrainFunctions.Cli.Commands.RunCommand.Summary(record);

        // Assert
        Assert.Contains("retrain run elec --force", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_Deployed_NoForceHint()
    {
        var summary = RetrainFunctions.Cli.Commands.RunCommand.Summary(Record(null) with { Outcome = RunOutcome.Deployed });

        Assert.DoesNotContain("--force", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefixed_ReasonStartingWithTheVerdict_NotRepeated()
    {
        Assert.Equal("Retrain: no model yet.", RunRecordFormatter.Prefixed("Retrain", "Retrain: no model yet."));
        Assert.Equal("Skip: not yet", RunRecordFormatter.Prefixed("Skip", "not yet"));
    }

    [Theory]
    [InlineData(RunOutcome.Deployed, null, 0)]
    [InlineData(RunOutcome.Skipped, null, 3)]
    [InlineData(RunOutcome.Rejected, RejectionReason.DataInvalid, 4)]
    [InlineData(RunOutcome.Rejected, RejectionReason.NotBetter, 5)]
    [InlineData(RunOutcome.Rejected, RejectionReason.InsufficientEvidence, 6)]
    [InlineData(RunOutcome.Rejected, RejectionReason.SliceRegression, 7)]
    [InlineData(RunOutcome.Rejected, RejectionReason.ApprovalDenied, 11)]
    [InlineData(RunOutcome.Failed, null, 1)]
    public void RunExitCodes_EachOutcome_ItsDocumentedCode(RunOutcome outcome, RejectionReason? reason, int expected)
    {
        Assert.Equal(expected, (int)RetrainFunctions.Cli.Errors.RunExitCodes.For(Record(null) with { Outcome = outcome, Rejection = reason }));
    }

    [Fact]
    public void RunExitCodes_EveryOutcomeAndReason_DistinctFromDeployed()
    {
        var codes = Enum.GetValues<RejectionReason>().Select(r => RetrainFunctions.Cli.Errors.RunExitCodes.For(Record(null) with { Outcome = RunOutcome.Rejected, Rejection = r })).ToList();

        Assert.DoesNotContain(RetrainFunctions.Cli.Errors.ExitCode.Success, codes);
        Assert.Equal(RetrainFunctions.Cli.Errors.ExitCode.DataInvalid, codes[(int)RejectionReason.DataInvalid]);
    }

    private static RunRecord Record(BaselineCheck? baseline) => new()
    {
        Model = "elec",
        RunId = "r1",
        InstanceId = "i1",
        Trigger = RunTrigger.Schedule,
        StartedAt = DateTimeOffset.UnixEpoch,
        Reason = "kept",
        Evaluation = new EvaluationResult(
            GateDecision.NotBetter, "kept", EvaluationMetric.LogLoss, TrainerKind.LightGbm, "c.zip",
            new Dictionary<EvaluationMetric, double>(), "v3", new Dictionary<EvaluationMetric, double>(), 100, "r.json", Baseline: baseline),
    };
}
