using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Deployment;

public sealed class RollbackServiceTests : IDisposable
{
    private readonly TemporaryStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task RollBackAsync_NoVersionNamed_RestoresTheVersionProductionReplacedAndRecordsWho()
    {
        // Arrange
        await DeployAsync("v1", null);
        await DeployAsync("v2", "v1");

        // Act
        var result = await Service().RollBackAsync("churn", version: null, "alice");

        // Assert
        Assert.Equal((RollbackStatus.RolledBack, "v1"), (result.Status, result.Version));
        var production = await Deployer().GetProductionAsync("churn");
        Assert.Equal(("v1", "v2", PointerAction.Rollback, "alice"), (production!.Version, production.PreviousVersion, production.Action, production.By));
        Assert.Equal(production, result.Pointer);
        Assert.Equal(3, (await Deployer().GetHistoryAsync("churn")).Count);
    }

    [Fact]
    public async Task RollBackAsync_NamedVersion_RestoresThatVersion()
    {
        // Arrange
        await DeployAsync("v1", null);
        await DeployAsync("v2", "v1");
        await DeployAsync("v3", "v2");

        // Act
        var result = await Service().RollBackAsync("churn", "v1", "bob");

        // Assert
        Assert.True(result.RolledBack);
        Assert.Equal("v1", (await Deployer().GetProductionAsync("churn"))!.Version);
    }

    [Fact]
    public async Task RollBackAsync_NothingInProduction_NoTargetAndNothingWritten()
    {
        // Act
        var result = await Service().RollBackAsync("churn", version: null, "alice");

        // Assert
        Assert.Equal(RollbackStatus.NoTarget, result.Status);
        Assert.Contains("no production version", result.Message, StringComparison.Ordinal);
        Assert.Null(await Deployer().GetProductionAsync("churn"));
    }

    [Fact]
    public async Task RollBackAsync_FirstVersionInProduction_NoTargetNamesTheVersion()
    {
        // Arrange
        await DeployAsync("v1", null);

        // Act
        var result = await Service().RollBackAsync("churn", version: null, "alice");

        // Assert
        Assert.Equal(RollbackStatus.NoTarget, result.Status);
        Assert.Contains("'v1'", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v9", RollbackStatus.UnknownVersion)]
    [InlineData("a/b", RollbackStatus.InvalidVersion)]
    [InlineData("v2", RollbackStatus.Refused)]
    public async Task RollBackAsync_VersionThatCannotServe_RefusedAndProductionUnchanged(string version, RollbackStatus expected)
    {
        // Arrange
        await DeployAsync("v1", null);
        await DeployAsync("v2", "v1");

        // Act
        var result = await Service().RollBackAsync("churn", version, "alice");

        // Assert
        Assert.Equal(expected, result.Status);
        Assert.Null(result.Pointer);
        Assert.Equal("v2", (await Deployer().GetProductionAsync("churn"))!.Version);
        Assert.Equal(2, (await Deployer().GetHistoryAsync("churn")).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task RollBackAsync_NobodyNamed_Throws(string by)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Service().RollBackAsync("churn", "v1", by));
    }

    private async Task DeployAsync(string run, string? expectedChampion)
    {
        await _store.PutTextAsync(ModelArtifacts.For("churn").Runs.Run(run).Candidate("LightGbm"), run);
        var request = new DeployRequest(
            "churn", run, ModelArtifacts.For("churn").Runs.Run(run).Candidate("LightGbm"), TrainerKind.LightGbm, new Dictionary<string, string>(),
            new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = 0.8 }, "snap1", "spec1", expectedChampion, _time.GetUtcNow(), ModelTask.BinaryClassification);
        Assert.True((await Deployer().DeployAsync(request)).Deployed);
        _time.Advance(TimeSpan.FromMinutes(1));
    }

    private ModelDeployer Deployer() => new(_store.Store, _time, NullLogger<ModelDeployer>.Instance);

    private RollbackService Service() => new(_store.Store, Deployer(), NullLogger<RollbackService>.Instance);
}
