using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// Trains once per test class: two good binary candidates (LightGbm, L-BFGS) on a learnable snapshot, a weak champion
/// (LightGbm on shuffled labels) and an incompatible champion (trained when the noise column was called <c>noise</c>).
/// Each test gets a fresh store holding copies.
/// </summary>
public sealed class TrainedBinaryCandidates : IAsyncLifetime
{
    public const string RunId = "run-1";

    private readonly Dictionary<string, byte[]> _candidateZips = new(StringComparer.Ordinal);

    public SyntheticSnapshot Snapshot { get; private set; } = null!;

    public IReadOnlyList<CandidateResult> Candidates { get; private set; } = [];

    public byte[] WeakZip { get; private set; } = [];

    public byte[] IncompatibleZip { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var store = new InMemoryArtifactStore();
        Snapshot = await new SyntheticSnapshotBuilder().WithRows(1_500).Build().WriteToAsync(store);
        Candidates =
        [
            await Stages.TrainCandidateAsync(store, Snapshot, TrainerKind.LightGbm, RunId),
            await Stages.TrainCandidateAsync(store, Snapshot, TrainerKind.LbfgsLogisticRegression, RunId),
        ];
        foreach (var candidate in Candidates)
        {
            _candidateZips[candidate.ModelPath] = store.ReadAllBytes(candidate.ModelPath);
        }

        var shuffled = await new SyntheticSnapshotBuilder().WithRows(1_500).WithShuffledLabels().Build().WriteToAsync(store);
        WeakZip = store.ReadAllBytes((await Stages.TrainCandidateAsync(store, shuffled, TrainerKind.LightGbm, "run-weak")).ModelPath);

        var renamed = await new SyntheticSnapshotBuilder().WithRows(600).WithSeed(2).WithX3Named("noise").Build().WriteToAsync(store);
        IncompatibleZip = store.ReadAllBytes((await Stages.TrainCandidateAsync(store, renamed, TrainerKind.LightGbm, "run-old")).ModelPath);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A fresh store with the snapshot's splits and the candidates' zips.</summary>
    public async Task<InMemoryArtifactStore> NewStoreAsync()
    {
        var store = new InMemoryArtifactStore();
        await Snapshot.WriteToAsync(store);
        foreach (var (path, bytes) in _candidateZips)
        {
            await store.WriteBytesAsync(path, bytes, ArtifactWriteCondition.None);
        }

        return store;
    }

    /// <summary>Puts <paramref name="zip"/> in production as <paramref name="version"/>.</summary>
    public async Task DeployAsync(IArtifactStore store, string version, byte[] zip)
    {
        var model = Snapshot.Model;
        await store.WriteBytesAsync(ModelArtifacts.For(model).Versions.Version(version).Model, zip, ArtifactWriteCondition.IfNotExists);
        var pointer = new ProductionPointer(model, version, null, 1, Stages.Now, "run-0", default);
        await store.WriteJsonAsync(ModelArtifacts.For(model).Deployment.Production, pointer, ArtifactWriteCondition.IfNotExists);
    }

    public byte[] ZipOf(CandidateResult candidate) => _candidateZips[candidate.ModelPath];
}
