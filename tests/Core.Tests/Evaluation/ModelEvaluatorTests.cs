using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Evaluation;

public sealed class ModelEvaluatorTests(TrainedBinaryCandidates trained) : IClassFixture<TrainedBinaryCandidates>
{
    /// <summary>The superiority rule on AUC, which most of these tests are about (the default is non-inferiority on log-loss).</summary>
    private static readonly GateSpec AucSuperiority = new() { Metric = EvaluationMetric.Auc, Mode = GateMode.Superiority };

    [Fact]
    public async Task EvaluateAsync_NoProductionAboveThreshold_PromotesAndWritesReport()
    {
        // Arrange
        var store = await trained.NewStoreAsync();

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(AucSuperiority with { Threshold = 0.7 }));

        // Assert
        Assert.Equal(GateDecision.Promote, result.Decision);
        Assert.Equal(EvaluationMetric.Auc, result.Metric);
        Assert.Null(result.ChampionVersion);
        Assert.Null(result.ChampionMetrics);
        Assert.Equal(trained.Snapshot.Snapshot.HoldoutRows, result.HoldoutRows);
        Assert.Contains("first version", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.Baseline);
        var report = await store.ReadJsonAsync<EvaluationReport>(result.ReportPath);
        Assert.Equal(ModelArtifacts.For(trained.Snapshot.Model).Runs.Run(TrainedBinaryCandidates.RunId).EvaluationReport, result.ReportPath);
        Assert.Equal(GateDecision.Promote, report.Decision);
        Assert.Equal(result.Reason, report.Reason);
        Assert.Equal(2, report.Candidates.Count);
        Assert.Equal(EvaluationMetrics.ForTask(ModelTask.BinaryClassification).Order(), report.ChallengerMetrics.Keys.Order());
        Assert.Equal(Stages.Now, report.EvaluatedAt);
    }

    [Fact]
    public async Task EvaluateAsync_TwoCandidates_ChallengerIsBestOnValidation()
    {
        // Arrange
        var store = await trained.NewStoreAsync();
        var best = trained.Candidates.MaxBy(c => c.ValidationMetrics[EvaluationMetric.Auc])!;

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(AucSuperiority));

        // Assert
        Assert.Equal(best.Trainer, result.Challenger);
        Assert.Equal(best.ModelPath, result.ChallengerPath);
    }

    [Fact]
    public async Task EvaluateAsync_UnreachableThreshold_BelowThreshold()
    {
        // Arrange
        var store = await trained.NewStoreAsync();

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(AucSuperiority with { Threshold = 0.9999 }));

        // Assert
        Assert.Equal(GateDecision.BelowThreshold, result.Decision);
        Assert.Contains("misses threshold AUC >= 0.9999", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ProductionIsTheSameModel_NotBetter()
    {
        // Arrange
        var store = await trained.NewStoreAsync();
        var candidate = trained.Candidates[0];
        await trained.DeployAsync(store, "v-same", trained.ZipOf(candidate));

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(AucSuperiority, candidate));

        // Assert
        Assert.Equal(GateDecision.NotBetter, result.Decision);
        Assert.Equal("v-same", result.ChampionVersion);
        Assert.Equal(result.ChallengerMetrics[EvaluationMetric.Auc], result.ChampionMetrics![EvaluationMetric.Auc]);
        Assert.Contains("+0.0000 is not > minDelta 0", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ProductionIsTheSameModelInNonInferiorityMode_PromotesAndRecordsTheRule()
    {
        // Arrange
        var store = await trained.NewStoreAsync();
        var candidate = trained.Candidates[0];
        await trained.DeployAsync(store, "v-same", trained.ZipOf(candidate));

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(new GateSpec { Mode = GateMode.NonInferiority }, candidate));

        // Assert: not shown worse, so deployed; the result and the stored report say which rule decided.
        Assert.Equal(GateDecision.Promote, result.Decision);
        Assert.Equal(GateMode.NonInferiority, result.Mode);
        Assert.StartsWith("non-inferiority: ", result.Reason, StringComparison.Ordinal);
        var report = await store.ReadJsonAsync<EvaluationReport>(result.ReportPath);
        Assert.Equal(GateMode.NonInferiority, report.Mode);
        Assert.Equal(PromotionGate.NonInferiorityEvidenceRule, report.Rule);
    }

    [Fact]
    public async Task EvaluateAsync_WeakChampion_Promotes()
    {
        // Arrange
        var store = await trained.NewStoreAsync();
        await trained.DeployAsync(store, "v-weak", trained.WeakZip);

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(AucSuperiority with { Threshold = 0.7 }));

        // Assert
        Assert.Equal(GateDecision.Promote, result.Decision);
        Assert.Equal("v-weak", result.ChampionVersion);
        Assert.InRange(result.ChampionMetrics![EvaluationMetric.Auc], 0.3, 0.65);
        Assert.True(result.ChallengerMetrics[EvaluationMetric.Auc] > 0.8);
        Assert.Contains("vs production v-weak AUC", result.Reason, StringComparison.Ordinal);
        Assert.Equal(EvaluationMetric.Accuracy, result.Baseline!.Metric);
        Assert.StartsWith("always predicting ", result.Baseline.Baseline, StringComparison.Ordinal);
        Assert.Equal(result.Baseline.Worse, result.Reason.Contains("is worse than always predicting", StringComparison.Ordinal));
        var report = await store.ReadJsonAsync<EvaluationReport>(result.ReportPath);
        Assert.Equal(result.Baseline.Worse, report.Baseline!.Worse);
        Assert.Equal(result.Baseline.BaselineValue, report.Baseline.BaselineValue);
        Assert.Contains(report.Evidence!.Guardrails!, g => g.Metric == EvaluationMetric.Accuracy);
        Assert.True(report.Evidence.BlockRows > 1);
    }

    [Fact]
    public async Task EvaluateAsync_WeakChampionButMinDeltaTooLarge_NotBetter()
    {
        // Arrange
        var store = await trained.NewStoreAsync();
        await trained.DeployAsync(store, "v-weak", trained.WeakZip);

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(AucSuperiority with { MinDelta = 0.9 }));

        // Assert
        Assert.Equal(GateDecision.NotBetter, result.Decision);
        Assert.Contains("is not > minDelta 0.9", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ProductionCannotScoreHoldout_JudgesOnThresholdOnly()
    {
        // Arrange: production was trained on a column 'noise' that the current spec and holdout no longer have.
        var store = await trained.NewStoreAsync();
        await trained.DeployAsync(store, "v-old", trained.IncompatibleZip);

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(Request(AucSuperiority with { Threshold = 0.7 }));

        // Assert
        Assert.Equal(GateDecision.Promote, result.Decision);
        Assert.Equal("v-old", result.ChampionVersion);
        Assert.Null(result.ChampionMetrics);
        Assert.Contains("production v-old cannot score the comparison rows", result.Reason, StringComparison.Ordinal);
        var report = await store.ReadJsonAsync<EvaluationReport>(result.ReportPath);
        Assert.NotNull(report.ChampionProblem);
    }

    [Fact]
    public async Task ScoreAsync_IncompatibleModel_ThrowsInvalidData()
    {
        // Arrange
        var store = await trained.NewStoreAsync();
        await store.WriteBytesAsync("scratch/old.zip", trained.IncompatibleZip, ArtifactWriteCondition.None);

        // Act / Assert
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            Stages.Scorer(store).ScoreAsync(trained.Snapshot.Spec, "scratch/old.zip", trained.Snapshot.SplitPath(DataSplit.Holdout)));
    }

    [Fact]
    public async Task ScoreAsync_UnseenCategoryInData_ScoresEveryRow()
    {
        // Arrange
        var store = await trained.NewStoreAsync();
        var unseen = await new SyntheticSnapshotBuilder().WithRows(500).WithSeed(3).WithUnseenHoldoutColor("magenta").Build().WriteToAsync(store);

        // Act
        var metrics = await Stages.Scorer(store).ScoreAsync(unseen.Spec, trained.Candidates[0].ModelPath, unseen.SplitPath(DataSplit.Holdout));

        // Assert
        Assert.Contains("magenta", unseen.Splits[DataSplit.Holdout], StringComparison.Ordinal);
        Assert.True(metrics[EvaluationMetric.Auc] > 0.7);
    }

    private EvaluateRequest Request(GateSpec gate, params CandidateResult[] candidates)
    {
        var spec = trained.Snapshot.Spec with { Gate = gate, Trainers = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression] };
        return new EvaluateRequest(
            trained.Snapshot.Model,
            TrainedBinaryCandidates.RunId,
            spec,
            trained.Snapshot.Snapshot,
            candidates.Length > 0 ? candidates : trained.Candidates);
    }
}
