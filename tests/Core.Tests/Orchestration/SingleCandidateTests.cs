using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>
/// A spec with one candidate has nothing to select: its selection rows are capped to what calibration needs, and the
/// candidate is fitted a second time (on training + selection rows) only when that adds at least
/// <see cref="GateSpec.MinSelectionShareToRefit"/> of its rows. Real pipeline, real in-process Durable Task engine.
/// </summary>
public sealed class SingleCandidateTests
{
    [Fact]
    public void RowSetGate_OneCandidate_CapsSelectionRowsAndKeepsASmallerUserCap()
    {
        var one = PipelineHarness.Spec() with { Trainers = [TrainerKind.LightGbm] };
        var several = one with { Trainers = [TrainerKind.LightGbm, TrainerKind.FastTree] };
        var windows = one with { Window = new WindowSpec { CandidateFractions = [0.5] } };

        Assert.False(one.SelectsAmongCandidates());
        Assert.Equal(GateSpec.SingleCandidateSelectionRows, one.RowSetGate().SelectionMaxRows);
        Assert.Equal(40, (one with { Gate = new GateSpec { SelectionMaxRows = 40 } }).RowSetGate().SelectionMaxRows);
        Assert.True(several.SelectsAmongCandidates());
        Assert.Null(several.RowSetGate().SelectionMaxRows);
        Assert.True(windows.SelectsAmongCandidates());
        Assert.Null(windows.RowSetGate().SelectionMaxRows);
    }

    [Theory]
    [InlineData(null, true)] // 10 % of the rows before the comparison rows select: the challenger is fitted again on them
    [InlineData(3, false)] // 3 selection rows are under 1 % of the 477 training rows: the candidate itself meets production
    public async Task RunAsync_OneCandidate_FitsAgainOnlyWhenSelectionRowsAddAShare(int? selectionMaxRows, bool fittedAgain)
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec() with { Trainers = [TrainerKind.LbfgsLogisticRegression] };
        await harness.SaveSpecAsync(spec with { Gate = spec.Gate with { SelectionMaxRows = selectionMaxRows } });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        var candidate = Assert.Single(record.Candidates!);
        var sets = record.Snapshot!.RowSets!;
        Assert.Equal(selectionMaxRows ?? 60, sets.SelectionRows);
        if (fittedAgain)
        {
            Assert.NotNull(record.ChallengerFit);
            Assert.Equal(sets.TrainingRows + sets.SelectionRows, record.ChallengerFit.TrainRows);
        }
        else
        {
            Assert.Null(record.ChallengerFit);
            Assert.Null(record.ChallengerFitFailure);
            Assert.Equal(sets.TrainingRows, candidate.TrainRows);
            Assert.Equal(candidate.ModelPath, record.Evaluation!.ChallengerPath);
        }
    }
}
