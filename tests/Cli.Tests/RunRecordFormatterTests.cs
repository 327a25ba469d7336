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
