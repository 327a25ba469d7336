using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Deployment;

public sealed class ModelDeployerTests : IDisposable
{
    private readonly TemporaryStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task DeployAsync_FirstVersion_WritesVersionThenPointerAndHistory()
    {
        await PutCandidateAsync("run1", "model-bytes-1");

        var result = await Deployer().DeployAsync(Request("run1", expectedChampion: null));

        Assert.Equal(new DeployResult(true, "run1", null), result);
        Assert.Equal("model-bytes-1", await _store.GetTextAsync(ArtifactPaths.VersionModel("churn", "run1")));
        var version = await _store.Store.ReadJsonAsync<ModelVersion>(ArtifactPaths.VersionManifest("churn", "run1"));
        Assert.Equal(("snap1", TrainerKind.LightGbm, ModelTask.BinaryClassification), (version.SnapshotDigest, version.Trainer, version.Task));
        var pointer = await Deployer().GetProductionAsync("churn");
        Assert.Equal(("run1", 1L, PointerAction.Deploy), (pointer!.Version, pointer.Sequence, pointer.Action));
        Assert.Equal([pointer], await Deployer().GetHistoryAsync("churn"));
    }

    [Fact]
    public async Task DeployAsync_ProductionMovedSinceEvaluation_StoresVersionButDoesNotFlip()
    {
        await DeployAsync("run1", null);
        await DeployAsync("run2", "run1");
        await PutCandidateAsync("run3", "bytes-3");

        var result = await Deployer().DeployAsync(Request("run3", expectedChampion: "run1"));

        Assert.False(result.Deployed);
        Assert.Equal("run2", result.PreviousVersion);
        Assert.Contains("Production moved from run1 to run2", result.Reason, StringComparison.Ordinal);
        Assert.Equal("run2", (await Deployer().GetProductionAsync("churn"))!.Version);
        Assert.True(await _store.Store.ExistsAsync(ArtifactPaths.VersionModel("churn", "run3")));
    }

    [Fact]
    public async Task DeployAsync_RetriedAfterPointerFlipped_SucceedsWithoutSecondHistoryEntry()
    {
        await PutCandidateAsync("run1", "bytes");
        await Deployer().DeployAsync(Request("run1", null));

        var retry = await Deployer().DeployAsync(Request("run1", null));

        Assert.True(retry.Deployed);
        Assert.Single(await Deployer().GetHistoryAsync("churn"));
    }

    [Fact]
    public async Task DeployAsync_TwentyRacingPromotionsFromSameChampion_ExactlyOneWins()
    {
        await DeployAsync("base", null);
        var runs = Enumerable.Range(0, 20).Select(i => $"race{i:00}").ToList();
        foreach (var run in runs)
        {
            await PutCandidateAsync(run, run);
        }

        var results = await Task.WhenAll(runs.Select(run => Task.Run(() => Deployer().DeployAsync(Request(run, "base")))));

        var winner = Assert.Single(results, r => r.Deployed);
        Assert.Equal(winner.Version, (await Deployer().GetProductionAsync("churn"))!.Version);
        Assert.All(results.Where(r => !r.Deployed), r => Assert.NotNull(r.Reason));
        Assert.Equal(2, (await Deployer().GetHistoryAsync("churn")).Count);
    }

    [Fact]
    public async Task RollBackAsync_ToEarlierVersion_MovesPointerAndAppendsHistory()
    {
        await DeployAsync("run1", null);
        await DeployAsync("run2", "run1");

        var pointer = await Deployer().RollBackAsync("churn", "run1", "alice");

        Assert.Equal(("run1", "run2", 3L, PointerAction.Rollback, "alice"), (pointer.Version, pointer.PreviousVersion, pointer.Sequence, pointer.Action, pointer.RunId));
        Assert.Equal(["run1", "run2", "run1"], (await Deployer().GetHistoryAsync("churn")).Select(p => p.Version));
    }

    [Fact]
    public async Task RollBackAsync_UnknownVersion_ThrowsNamingVersion()
    {
        await DeployAsync("run1", null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Deployer().RollBackAsync("churn", "nope", "alice"));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _store.Dispose();

    private async Task DeployAsync(string run, string? expectedChampion)
    {
        await PutCandidateAsync(run, run);
        Assert.True((await Deployer().DeployAsync(Request(run, expectedChampion))).Deployed);
    }

    private Task PutCandidateAsync(string run, string content) => _store.PutTextAsync(ArtifactPaths.Candidate("churn", run, "LightGbm"), content);

    private ModelDeployer Deployer() => new(_store.Store, _time, NullLogger<ModelDeployer>.Instance);

    private DeployRequest Request(string run, string? expectedChampion) => new(
        "churn",
        run,
        ArtifactPaths.Candidate("churn", run, "LightGbm"),
        TrainerKind.LightGbm,
        new Dictionary<string, string> { ["leaves"] = "31" },
        new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = 0.8 },
        "snap1",
        "spec1",
        expectedChampion,
        _time.GetUtcNow(),
        ModelTask.BinaryClassification);
}
