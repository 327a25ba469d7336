using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;
using RetrainFunctions.Tests.Shared;

namespace RetrainFunctions.Cli.Tests.Commands;

[Collection(AzuriteCollection.Name)]
public sealed class RunCommandTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Run_AgainstAzurite_IngestedDataIsCollectedTrainedAndDeployedToBlobStorage()
    {
        var container = await azurite.CreateUniqueContainerAsync();
        string[] store = ["--connection", azurite.ConnectionString, "--container", container];
        var data = _folder.File("week-00.csv");
        await using (var file = File.Create(data))
        {
            new CreditStreamGenerator().WriteWeek(0, 1_200, file);
        }

        var init = await CommandLineRunner.RunAsync(["init", "credit", "--data", data, "--label", "defaulted", "--positive-class", "yes", .. store]);
        var ingest = await CommandLineRunner.RunAsync(["ingest", "credit", data, .. store]);
        var run = await CommandLineRunner.RunAsync(["run", "credit", .. store]);

        Assert.True(init.ExitCode == 0, init.Error);
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains(": Deployed", run.Output, StringComparison.Ordinal);
        // A first run has no production model to put on probation, no policy and no approval step.
        PipelineStage[] ran = [PipelineStage.Collect, PipelineStage.Validate, PipelineStage.Snapshot, PipelineStage.Features, PipelineStage.Train, PipelineStage.Evaluate, PipelineStage.Refit, PipelineStage.Deploy];
        foreach (var stage in ran)
        {
            Assert.Contains(stage.ToString(), run.Output, StringComparison.Ordinal);
        }

        var blobs = azurite.CreateBlobServiceClient().GetBlobContainerClient(container);
        var pointer = (await blobs.GetBlobClient(ModelArtifacts.For("credit").Deployment.Production).DownloadContentAsync()).Value.Content.ToObjectFromJson<ProductionPointer>(RetrainJson.Options)!;
        Assert.True((await blobs.GetBlobClient(ModelArtifacts.For("credit").Versions.Version(pointer.Version).Model).ExistsAsync()).Value);
        Assert.True((await blobs.GetBlobClient(ModelArtifacts.For("credit").Runs.Run(pointer.RunId).Record).ExistsAsync()).Value);
        Assert.False(Directory.Exists(Path.Combine(Environment.CurrentDirectory, ".retrain", "specs")), "nothing may go to the local default store");
    }

    [Fact]
    public async Task Run_ModelWithoutSpec_UsageErrorWithInstructionsAndNoRecord()
    {
        var store = _folder.File("store");
        Directory.CreateDirectory(store);

        var (exitCode, _, error) = await CommandLineRunner.RunAsync("run", "nobody", "--store", store);

        Assert.Equal(2, exitCode);
        Assert.Contains("retrain init nobody", error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(store));
    }

    public void Dispose() => _folder.Dispose();
}
