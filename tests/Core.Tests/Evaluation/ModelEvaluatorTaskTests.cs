using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// The evaluator scores each model once (the scored columns are cached for the metrics and the per-row predictions):
/// its metrics must equal ML.NET's on the plain scored view, and the evidence must be gathered, for every task.
/// </summary>
public sealed class ModelEvaluatorTaskTests
{
    [Theory]
    [InlineData(ModelTask.BinaryClassification, nameof(TrainerKind.LightGbm), nameof(TrainerKind.LbfgsLogisticRegression))]
    [InlineData(ModelTask.MulticlassClassification, nameof(TrainerKind.LightGbm), nameof(TrainerKind.LbfgsMaximumEntropy))]
    [InlineData(ModelTask.Regression, nameof(TrainerKind.LightGbm), nameof(TrainerKind.Sdca))]
    public async Task EvaluateAsync_WithChampion_MetricsEqualUncachedScoringAndEvidenceCoversTheTask(ModelTask task, string challengerTrainerName, string championTrainerName)
    {
        // Arrange
        var (challengerTrainer, championTrainer) = (new TrainerKind(challengerTrainerName), new TrainerKind(championTrainerName));
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(task).WithRows(800).Build().WriteToAsync(store);
        var challenger = await Stages.TrainCandidateAsync(store, snapshot, challengerTrainer, "run-1");
        var champion = await Stages.TrainCandidateAsync(store, snapshot, championTrainer, "run-0");
        await store.WriteBytesAsync(ModelArtifacts.For(snapshot.Model).Versions.Version("v1").Model, store.ReadAllBytes(champion.ModelPath), ArtifactWriteCondition.IfNotExists);
        await store.WriteJsonAsync(ModelArtifacts.For(snapshot.Model).Deployment.Production, new ProductionPointer(snapshot.Model, "v1", null, 1, Stages.Now, "run-0", default), ArtifactWriteCondition.IfNotExists);
        var spec = snapshot.Spec with { Gate = new GateSpec { BootstrapIterations = 200, SliceMinRows = 10 }, Trainers = [challengerTrainer] };

        // Act
        var result = await Stages.Evaluator(store).EvaluateAsync(new EvaluateRequest(snapshot.Model, "run-1", spec, snapshot.Snapshot, [challenger]));

        // Assert
        Assert.Equal(await UncachedMetricsAsync(store, snapshot, challenger.ModelPath), result.ChallengerMetrics);
        Assert.Equal(await UncachedMetricsAsync(store, snapshot, champion.ModelPath), result.ChampionMetrics);
        Assert.NotNull(result.Evidence);
        Assert.Equal(EvaluationMetrics.ForTask(task).Order(), result.Evidence.Intervals.Select(i => i.Metric).Order());
        Assert.Equal(task != ModelTask.Regression, result.Evidence.McNemar is not null);
        Assert.NotEmpty(result.Evidence.Slices);
    }

    private static async Task<IReadOnlyDictionary<EvaluationMetric, double>> UncachedMetricsAsync(InMemoryArtifactStore store, SyntheticSnapshot snapshot, string modelPath)
    {
        var ml = MlContexts.Create();
        using var holdout = await LocalArtifactCopy.DownloadAsync(store, snapshot.SplitPath(DataSplit.Holdout));
        var view = SpecDataLoader.Load(ml, snapshot.Spec, holdout.LocalPath);
        var model = await ModelZip.LoadAsync(store, modelPath);
        return MetricCalculator.Compute(ml, snapshot.Spec.Task, model.Transform(view));
    }
}
