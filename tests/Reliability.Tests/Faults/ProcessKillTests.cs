using System.Diagnostics;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Reliability.Tests.Infrastructure;
using RetrainFunctions.Tests.Shared;
using Xunit.Abstractions;

namespace RetrainFunctions.Reliability.Tests.Faults;

/// <summary>
/// kill -9 of the real <c>retrain run</c> process while the run is in each stage, on the Azure Storage Durable backend
/// in Azurite, then a restart of the same command: the run resumes and completes, production names a complete version,
/// and every uploaded batch is ingested exactly once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProcessKillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Model = "churn";

    /// <summary>Each activity pauses this long before and after its work, so a kill lands inside the stage.</summary>
    private static readonly TimeSpan StageDelay = TimeSpan.FromSeconds(1);

    public static TheoryData<PipelineStage> Stages => new()
    {
        PipelineStage.Collect, PipelineStage.Validate, PipelineStage.Features, PipelineStage.Train, PipelineStage.Evaluate, PipelineStage.Deploy,
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task Run_KilledDuringStageThenRestarted_ResumesAndLosesNothing(PipelineStage stage)
    {
        // Arrange: a spec, three learnable batches, a re-upload of the first under another name, one batch without labels.
        var container = await azurite.CreateUniqueContainerAsync();
        var store = new AzureBlobArtifactStore(azurite.CreateBlobServiceClient(), container);
        await new ModelSpecStore(store).SaveAsync(Datasets.Spec(Model));
        byte[][] contents = [Datasets.Batch(0, 3000), Datasets.Batch(1, 3000), Datasets.Batch(2, 3000), Datasets.Unlabeled(3, 500)];
        for (var i = 0; i < contents.Length; i++)
        {
            await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File($"week-{i}.csv"), contents[i], ArtifactWriteCondition.None);
        }

        await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File("week-0-again.csv"), contents[0], ArtifactWriteCondition.None);
        string[] arguments =
        [
            "run", Model, "--connection", azurite.ConnectionString, "--container", container,
            "--durable-connection", azurite.ConnectionString, "--task-hub", AzuriteTaskHubs.NewName("kill"),
        ];

        // Act: kill -9 inside the stage (after its pre-pause, while its work or post-pause runs), then run again.
        string runId;
        string firstOutput;
        using (var first = CliProcess.Start([.. arguments, "--diagnostic-activity-delay", StageDelay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            var line = await first.WaitForLineAsync($"] {stage}", TimeSpan.FromMinutes(2));
            runId = line.Trim().TrimStart('[').Split(']')[0];
            await Task.Delay(StageDelay + TimeSpan.FromSeconds(0.6));
            Assert.False(first.HasExited, $"the run ended before the kill:\n{first.Output}");
            first.KillHard();
            firstOutput = first.Output;
        }

        var restartClock = Stopwatch.StartNew();
        using var second = CliProcess.Start(arguments);
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine($"killed during {stage}; restart finished in {restartClock.Elapsed.TotalSeconds:0.0} s with exit code {exitCode}\n--- first ---\n{firstOutput}\n--- restart ---\n{second.Output}");

        // Assert: the interrupted run itself completed (same run id, record written), deployed a complete version,
        // and each uploaded content is one batch, accepted or quarantined.
        // The restart's own request joins the resumed run and may run once more after it (nothing new: Skipped, exit 3).
        Assert.True(exitCode is 0 or 3, $"exit code {exitCode}");
        var record = await store.ReadJsonAsync<RunRecord>(ModelArtifacts.For(Model).Runs.Run(runId).Record);
        Assert.True(record.Outcome == RunOutcome.Deployed, $"{record.Outcome}: {record.Reason}");
        Assert.NotNull(record.CompletedAt);
        var pointer = await StoreInvariants.AssertProductionCompleteAsync(store, Model);
        Assert.Equal(runId, pointer?.Version);
        Assert.Equal(1, pointer!.Sequence);
        var ids = contents.Select(Datasets.BatchId).ToList();
        await StoreInvariants.AssertEveryBatchIngestedExactlyOnceAsync(store, Model, ids);
        Assert.True(await store.ExistsAsync(ModelArtifacts.For(Model).Quarantine.Batch(ids[3])), "the unlabeled batch is quarantined");
        Assert.Equal(3, (await StoreInvariants.ListAsync(store, ModelArtifacts.For(Model).Batches.AcceptedPrefix)).Count(p => p.EndsWith(".csv", StringComparison.Ordinal)));
        Assert.DoesNotContain(AzuriteAccountKey(), firstOutput + second.Output, StringComparison.Ordinal);
    }

    private string AzuriteAccountKey() =>
        azurite.ConnectionString.Split(';').Single(part => part.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
}
