using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>Automatic window selection (<see cref="WindowSpec.CandidateRows"/>) on the real pipeline and a real in-process Durable Task engine.</summary>
public sealed class WindowSelectionTests
{
    [Fact]
    public async Task RunAsync_OldDataMisleading_ChoosesTheShortWindowAndRefitsOnItsNewestRows()
    {
        // Arrange, act: the train split's newest 150 rows, the validation and the holdout are all of the new concept.
        var record = await RunAfterAbruptChangeAsync(new WindowSpec { CandidateRows = [150] });

        // Assert
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal(2, record.Candidates!.Count);
        var whole = Assert.Single(record.Candidates, c => c.WindowRows is null);
        var recent = Assert.Single(record.Candidates, c => c.WindowRows == 150);
        Assert.Equal((record.Snapshot!.TrainRows, 150), (whole.TrainRows, recent.TrainRows));
        Assert.True(recent.ValidationMetrics[EvaluationMetric.Auc] > whole.ValidationMetrics[EvaluationMetric.Auc] + 0.2);
        // The chosen recipe (newest 150 rows) is fitted again on training + selection rows, and that fit meets production.
        Assert.Equal((recent.Trainer, (int?)150, 150), (record.ChallengerFit!.Trainer, record.ChallengerFit.WindowRows, record.ChallengerFit.TrainRows));
        Assert.Equal(recent.ModelPath.Replace(".zip", "-withselection.zip", StringComparison.Ordinal), record.Evaluation!.ChallengerPath);
        Assert.True(record.Refit!.Accepted, record.Refit.Reason);
        Assert.Equal(150, record.Refit.TrainRows);
    }

    [Fact]
    public async Task RunAsync_CandidateHalfLife_WeightedCandidateWinsAfterAChangeAndItsRefitIsWeightedToo()
    {
        // Arrange, act: the candidates are the whole train split with equal weights and with a row's weight halving every
        // 5 % of the rows (70 rows), so that the old concept weighs almost nothing.
        var record = await RunAfterAbruptChangeAsync(new WindowSpec { CandidateHalfLives = [0.05] });

        // Assert: both candidates saw every training row; the weighted one is named, records its half-life and wins.
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal(2, record.Candidates!.Count);
        var equal = Assert.Single(record.Candidates, c => c.HalfLifeFraction is null);
        var weighted = Assert.Single(record.Candidates, c => c.HalfLifeFraction == 0.05);
        Assert.Equal((record.Snapshot!.TrainRows, record.Snapshot.TrainRows), (equal.TrainRows, weighted.TrainRows));
        Assert.EndsWith("-halflife50permille.zip", weighted.ModelPath, StringComparison.Ordinal);
        Assert.Equal(Math.Max(1, 0.05 * weighted.TrainRows).ToString("G6", System.Globalization.CultureInfo.InvariantCulture), weighted.Parameters["RecencyHalfLifeRows"]);
        Assert.True(weighted.ValidationMetrics[EvaluationMetric.Auc] > equal.ValidationMetrics[EvaluationMetric.Auc] + 0.2);
        Assert.Equal(0.05, record.ChallengerFit!.HalfLifeFraction);
        Assert.Equal(weighted.ModelPath.Replace(".zip", "-withselection.zip", StringComparison.Ordinal), record.Evaluation!.ChallengerPath);
        Assert.True(record.Refit!.Accepted, record.Refit.Reason);
        Assert.EndsWith("-halflife50permille.zip", record.Refit.ModelPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EnsembleListed_TrainsOneEnsemblePerWindowThatCompetesLikeAnyCandidate()
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec() with
        {
            Trainers = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble],
            Window = new WindowSpec { CandidateFractions = [0.5] },
        };
        await harness.SaveSpecAsync(spec);
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert: three trainers × two windows; the ensembles reuse their window's member candidates and are ranked on the same selection rows.
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal(6, record.Candidates!.Count);
        var ensembles = record.Candidates.Where(c => c.Trainer == TrainerKind.Ensemble).ToList();
        Assert.Equal([null, 0.5], ensembles.Select(c => c.WindowFraction).Order());
        Assert.All(ensembles, c =>
        {
            Assert.Equal("LightGbm+LbfgsLogisticRegression", c.Parameters["Members"]);
            var members = record.Candidates.Where(m => m.Trainer != TrainerKind.Ensemble && m.WindowFraction == c.WindowFraction).Select(m => m.ModelPath);
            Assert.Equal(string.Join(", ", members), c.Parameters["MembersReused"]);
            Assert.True(c.ValidationMetrics[EvaluationMetric.LogLoss] > 0);
            Assert.InRange(c.ValidationMetrics[EvaluationMetric.Accuracy], 0.6, 1.0);
        });
        var chosen = PromotionGate.ChooseChallenger(record.Candidates, spec.Trainers, EvaluationMetric.LogLoss);
        Assert.Equal(chosen.ModelPath.Replace(".zip", "-withselection.zip", StringComparison.Ordinal), record.Evaluation!.ChallengerPath);
        Assert.Equal(chosen.Trainer, record.ChallengerFit!.Trainer);
    }

    [Fact]
    public async Task RunAsync_SelectAmongEnsembles_AllCandidatesTrainedButOnlyTheEnsemblesCompete()
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec() with
        {
            Trainers = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble],
            Window = new WindowSpec { CandidateFractions = [0.5] },
            Gate = new GateSpec { SelectAmong = CandidateSelection.Ensembles },
        };
        await harness.SaveSpecAsync(spec);
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert: all six candidates are trained and recorded; only the two ensembles compete, on the selection rows.
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal(6, record.Candidates!.Count);
        var best = record.Candidates.Where(c => c.Trainer == TrainerKind.Ensemble).MinBy(c => c.ValidationMetrics[EvaluationMetric.LogLoss])!;
        Assert.Equal(best.ModelPath.Replace(".zip", "-withselection.zip", StringComparison.Ordinal), record.Evaluation!.ChallengerPath);
        Assert.Equal((TrainerKind.Ensemble, best.WindowFraction), (record.ChallengerFit!.Trainer, record.ChallengerFit.WindowFraction));
    }

    [Fact]
    public async Task RunAsync_WindowsNotSmallerThanTheTrainSplit_TrainOneCandidatePerTrainer()
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec() with { Window = new WindowSpec { CandidateRows = [5_000] } };
        await harness.SaveSpecAsync(spec);
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal(spec.Trainers!.Count, record.Candidates!.Count);
        Assert.All(record.Candidates, c => Assert.Null(c.WindowRows));
    }

    [Fact]
    public async Task RunAsync_OneWindowCandidateFails_RecordsItsWindowAndTheWholeSplitCandidateIsDeployed()
    {
        // Arrange: every write of the 150-row window's candidate fails, through all of the activity's retries.
        await using var harness = await PipelineHarness.StartAsync(store =>
            new FlakyArtifactStore(store, path => path.EndsWith("-newest150.zip", StringComparison.Ordinal), failures: int.MaxValue));
        var spec = PipelineHarness.Spec() with
        {
            Trainers = [TrainerKind.LbfgsLogisticRegression],
            Window = new WindowSpec { CandidateRows = [150] },
        };
        await harness.SaveSpecAsync(spec);
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        var failure = Assert.Single(record.FailedCandidates!);
        Assert.Equal((TrainerKind.LbfgsLogisticRegression, (int?)150), (failure.Trainer, failure.WindowRows));
        Assert.Contains("-newest150.zip", failure.Error, StringComparison.Ordinal);
        var survivor = Assert.Single(record.Candidates!);
        Assert.Null(survivor.WindowRows);
        Assert.Equal(survivor.ModelPath.Replace(".zip", "-withselection.zip", StringComparison.Ordinal), record.Evaluation!.ChallengerPath);
    }

    /// <summary>
    /// One logistic-regression run on 1,200 old rows (y ~ x1) and the newest 800 (y ~ −x1): the train split (the oldest
    /// 70 %, 1,400 rows) is mostly of the old concept, the selection and comparison rows are all new.
    /// </summary>
    private static async Task<RunRecord> RunAfterAbruptChangeAsync(WindowSpec window)
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Trainers = [TrainerKind.LbfgsLogisticRegression], Window = window });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 1_200));
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 800, drifted: true));
        return await harness.RunAsync("churn");
    }
}
