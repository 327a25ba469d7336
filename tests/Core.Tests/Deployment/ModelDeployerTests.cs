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
        Assert.Equal("model-bytes-1", await _store.GetTextAsync(ModelArtifacts.For("churn").Versions.Version("run1").Model));
        var version = await _store.Store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For("churn").Versions.Version("run1").Manifest);
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
        Assert.True(await _store.Store.ExistsAsync(ModelArtifacts.For("churn").Versions.Version("run3").Model));
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

        Assert.Equal(("run1", "run2", 3L, PointerAction.Rollback, "alice"), (pointer.Version, pointer.PreviousVersion, pointer.Sequence, pointer.Action, pointer.By));
        Assert.StartsWith("rollback-", pointer.RunId, StringComparison.Ordinal);
        Assert.Equal(["run1", "run2", "run1"], (await Deployer().GetHistoryAsync("churn")).Select(p => p.Version));
    }

    [Fact]
    public async Task RollBackAsync_UnknownVersion_ThrowsNamingVersion()
    {
        await DeployAsync("run1", null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Deployer().RollBackAsync("churn", "nope", "alice"));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollBackAsync_RacingTwoPromotions_PointerAndHistoryStayConsistent()
    {
        for (var round = 0; round < 10; round++)
        {
            // Arrange: v1 then v2 in production; two promotions evaluated against v2 and a rollback to v1 race.
            using var store = new TemporaryStore();
            var deployer = new ModelDeployer(store.Store, _time, NullLogger<ModelDeployer>.Instance);
            foreach (var run in new[] { "v1", "v2", "v3", "v4" })
            {
                await store.PutTextAsync(ModelArtifacts.For("churn").Runs.Run(run).Candidate("LightGbm"), run);
            }

            Assert.True((await deployer.DeployAsync(Request("v1", null))).Deployed);
            Assert.True((await deployer.DeployAsync(Request("v2", "v1"))).Deployed);

            // Act
            var promotions = new[] { "v3", "v4" }.Select(run => Task.Run(() => deployer.DeployAsync(Request(run, "v2")))).ToList();
            var rollback = Task.Run(async () =>
            {
                try
                {
                    return await deployer.RollBackAsync("churn", "v1", "ops");
                }
                catch (InvalidOperationException ex) when (ex.Message.Contains("changed during the rollback", StringComparison.Ordinal))
                {
                    return null;
                }
            });
            var deployed = await Task.WhenAll(promotions);
            var rolledBack = await rollback;

            // Assert: exactly one change won from v2, the history is gap-free, the pointer is its last entry.
            var winners = deployed.Count(d => d.Deployed) + (rolledBack is null ? 0 : 1);
            Assert.Equal(1, winners);
            var history = await deployer.GetHistoryAsync("churn");
            Assert.Equal([1L, 2L, 3L], history.Select(h => h.Sequence));
            Assert.Equal("v2", history[2].PreviousVersion);
            var pointer = await deployer.GetProductionAsync("churn");
            Assert.Equal(history[^1], pointer);
            Assert.Equal(rolledBack is null ? PointerAction.Deploy : PointerAction.Rollback, pointer!.Action);
        }
    }

    [Fact]
    public async Task GetProductionAtAsync_AcrossDeploysAndRollback_AnswersTheVersionLiveAtEachInstant()
    {
        // Arrange: v1 at 12:00, v2 at 13:00, rolled back to v1 at 14:00.
        var t0 = _time.GetUtcNow();
        await DeployAsync("run1", null);
        _time.Advance(TimeSpan.FromHours(1));
        await DeployAsync("run2", "run1");
        _time.Advance(TimeSpan.FromHours(1));
        await Deployer().RollBackAsync("churn", "run1", "ops");

        // Act / Assert
        Assert.Null(await Deployer().GetProductionAtAsync("churn", t0.AddMinutes(-1)));
        Assert.Equal("run1", await Deployer().GetProductionAtAsync("churn", t0.AddMinutes(30)));
        Assert.Equal("run2", await Deployer().GetProductionAtAsync("churn", t0.AddHours(1)));
        Assert.Equal("run2", await Deployer().GetProductionAtAsync("churn", t0.AddHours(1.99)));
        Assert.Equal("run1", await Deployer().GetProductionAtAsync("churn", t0.AddHours(5)));
    }

    [Fact]
    public async Task DeployAsync_WithNotes_WritesModelCard()
    {
        await PutCandidateAsync("run1", "bytes");

        await Deployer().DeployAsync(Request("run1", null) with { Notes = ["Gate: first version", "Approval: Approved by alice"] });

        var card = await _store.GetTextAsync(ModelArtifacts.For("churn").Versions.Version("run1").ModelCard);
        Assert.StartsWith("# churn — version run1", card, StringComparison.Ordinal);
        Assert.Contains("| trainer | LightGbm |", card, StringComparison.Ordinal);
        Assert.Contains("- AUC: 0.8000", card, StringComparison.Ordinal);
        Assert.Contains("- Approval: Approved by alice", card, StringComparison.Ordinal);
    }

    public void Dispose() => _store.Dispose();

    private async Task DeployAsync(string run, string? expectedChampion)
    {
        await PutCandidateAsync(run, run);
        Assert.True((await Deployer().DeployAsync(Request(run, expectedChampion))).Deployed);
    }

    private Task PutCandidateAsync(string run, string content) => _store.PutTextAsync(ModelArtifacts.For("churn").Runs.Run(run).Candidate("LightGbm"), content);

    private ModelDeployer Deployer() => new(_store.Store, _time, NullLogger<ModelDeployer>.Instance);

    private DeployRequest Request(string run, string? expectedChampion) => new(
        "churn",
        run,
        ModelArtifacts.For("churn").Runs.Run(run).Candidate("LightGbm"),
        TrainerKind.LightGbm,
        new Dictionary<string, string> { ["leaves"] = "31" },
        new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = 0.8 },
        "snap1",
        "spec1",
        expectedChampion,
        _time.GetUtcNow(),
        ModelTask.BinaryClassification);
}
