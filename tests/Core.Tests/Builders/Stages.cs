using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>Creates the ML stage services over a store, with fake time and loggers and one training thread.</summary>
public static class Stages
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FeatureEngineer Engineer(IArtifactStore store) => new(store, new FakeTimeProvider(Now), new FakeLogger<FeatureEngineer>());

    public static ModelTrainer Trainer(IArtifactStore store) =>
        new(store, TrainerRegistry.BuiltIn, new FakeTimeProvider(Now), Options.Create(new TrainingOptions { NumberOfThreads = 1 }), new FakeLogger<ModelTrainer>());

    public static ModelEvaluator Evaluator(IArtifactStore store) => new(store, new FakeTimeProvider(Now), new FakeLogger<ModelEvaluator>());

    public static ModelScorer Scorer(IArtifactStore store) => new(store, new FakeLogger<ModelScorer>());

    /// <summary>Engineers features and trains one candidate of <paramref name="snapshot"/> (already written to the store).</summary>
    public static async Task<CandidateResult> TrainCandidateAsync(IArtifactStore store, SyntheticSnapshot snapshot, TrainerKind trainer, string runId, int? windowRows = null)
    {
        var features = await Engineer(store).EngineerAsync(new FeaturesRequest(snapshot.Model, runId, snapshot.Spec, snapshot.Snapshot));
        return await Trainer(store).TrainAsync(new TrainRequest(snapshot.Model, runId, snapshot.Spec, trainer, snapshot.Snapshot, features.FeaturizerPath, windowRows));
    }
}
