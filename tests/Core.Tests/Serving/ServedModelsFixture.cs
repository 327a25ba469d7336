using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;

namespace RetrainFunctions.Core.Tests.Serving;

/// <summary>Trains once per test class: two binary models (L-BFGS, FastTree), a multiclass and a regression model, all on synthetic snapshots.</summary>
public sealed class ServedModelsFixture : IAsyncLifetime
{
    public ModelSpec BinarySpec { get; private set; } = null!;

    public byte[] BinaryA { get; private set; } = [];

    public byte[] BinaryB { get; private set; } = [];

    public ModelSpec MulticlassSpec { get; private set; } = null!;

    public byte[] Multiclass { get; private set; } = [];

    public ModelSpec RegressionSpec { get; private set; } = null!;

    public byte[] Regression { get; private set; } = [];

    public async Task InitializeAsync()
    {
        (BinarySpec, BinaryA) = await TrainAsync(ModelTask.BinaryClassification, TrainerKind.LbfgsLogisticRegression);
        (_, BinaryB) = await TrainAsync(ModelTask.BinaryClassification, TrainerKind.FastTree);
        (MulticlassSpec, Multiclass) = await TrainAsync(ModelTask.MulticlassClassification, TrainerKind.LbfgsMaximumEntropy);
        (RegressionSpec, Regression) = await TrainAsync(ModelTask.Regression, TrainerKind.Sdca);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(ModelSpec Spec, byte[] Zip)> TrainAsync(ModelTask task, TrainerKind trainer)
    {
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(task).WithRows(600).Build().WriteToAsync(store);
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, trainer, "run-1");
        return (snapshot.Spec, store.ReadAllBytes(candidate.ModelPath));
    }
}
