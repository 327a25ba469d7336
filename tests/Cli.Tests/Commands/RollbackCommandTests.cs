using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Tests.Commands;

public sealed class RollbackCommandTests
{
    [Fact]
    public async Task Rollback_NoTarget_RestoresThePreviousVersionAndRecordsWho()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        var deployer = await DeployTwoVersionsAsync(folder.Path);

        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("rollback", "churn", "--by", "ops", "--store", folder.Path);

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.Contains("rolled back from v2 to v1", output, StringComparison.Ordinal);
        var pointer = await deployer.GetProductionAsync("churn");
        Assert.Equal(("v1", PointerAction.Rollback, 3L), (pointer!.Version, pointer.Action, pointer.Sequence));
        Assert.Equal("ops", pointer.By);
        Assert.DoesNotContain("ops", pointer.RunId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_ByAPerson_HistoryKeepsThePersonApartFromTheRunId()
    {
        // Arrange: issue #16 found the person stored in runId and logged as "by rollback by bob".
        using var folder = new TemporaryFolder();
        var deployer = await DeployTwoVersionsAsync(folder.Path);

        // Act
        var (exitCode, _, error) = await CommandLineRunner.RunAsync("rollback", "churn", "--by", "bob", "--store", folder.Path);
        var (historyExit, history, historyError) = await CommandLineRunner.RunAsync("history", "churn", "--store", folder.Path);

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.True(historyExit == 0, historyError);
        var entry = (await deployer.GetHistoryAsync("churn"))[^1];
        Assert.Equal((PointerAction.Rollback, "bob"), (entry.Action, entry.By));
        Assert.StartsWith("rollback-", entry.RunId, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", entry.RunId, StringComparison.Ordinal);
        Assert.Contains($"bob ({entry.RunId})", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_ToUnknownVersion_ExitsOneAndLeavesProduction()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        var deployer = await DeployTwoVersionsAsync(folder.Path);

        // Act
        var (exitCode, _, error) = await CommandLineRunner.RunAsync("rollback", "churn", "--to", "v9", "--by", "ops", "--store", folder.Path);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("no version 'v9'", error, StringComparison.Ordinal);
        Assert.Equal("v2", (await deployer.GetProductionAsync("churn"))!.Version);
    }

    private static async Task<ModelDeployer> DeployTwoVersionsAsync(string root)
    {
        var store = new LocalFolderArtifactStore(root);
        var deployer = new ModelDeployer(store, TimeProvider.System, NullLogger<ModelDeployer>.Instance);
        string? previous = null;
        foreach (var version in new[] { "v1", "v2" })
        {
            var path = ModelArtifacts.For("churn").Runs.Run(version).Candidate("LightGbm");
            await store.WriteBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(version), ArtifactWriteCondition.None);
            var request = new DeployRequest("churn", version, path, TrainerKind.LightGbm, new Dictionary<string, string>(), new Dictionary<EvaluationMetric, double>(),
                "snap", "spec", previous, DateTimeOffset.UnixEpoch, ModelTask.BinaryClassification);
            Assert.True((await deployer.DeployAsync(request)).Deployed);
            previous = version;
        }

        return deployer;
    }
}
