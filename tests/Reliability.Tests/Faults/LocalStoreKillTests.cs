using System.Diagnostics;
using System.Globalization;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Validation;
using RetrainFunctions.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RetrainFunctions.Reliability.Tests.Faults;

/// <summary>
/// Issue #16, "a crash on the local default loses the work silently": kill -9 of the real <c>retrain run</c> on the
/// local folder store with the in-memory engine (nothing resumes the run), then <c>retrain run</c> again without flags.
/// The work completes, the killed run is recorded (interrupted, or deployed when its version reached production), and
/// every batch is in exactly one recorded decision.
/// </summary>
public sealed class LocalStoreKillTests(ITestOutputHelper output) : IDisposable
{
    private const string Model = "churn";
    /// <summary>
    /// Each activity of the killed run waits this long before and after its work (2 s: with 1 s, a run whose progress line
    /// reached the test late on a loaded machine had recorded its Deploy stage before the kill, leaving nothing to recover).
    /// </summary>
    private static readonly TimeSpan StageDelay = TimeSpan.FromSeconds(2);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "retrain-kill-tests", Guid.NewGuid().ToString("N"));

    public static TheoryData<PipelineStage> Stages => new() { PipelineStage.Validate, PipelineStage.Train, PipelineStage.Evaluate, PipelineStage.Deploy };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task Run_KilledDuringStageOnLocalStore_NextRunCompletesEveryBatchInOneDecision(PipelineStage stage)
    {
        // Arrange: a spec, three learnable batches and one without labels (quarantined).
        var store = new LocalFolderArtifactStore(_root);
        await new ModelSpecStore(store).SaveAsync(Datasets.Spec(Model, TrainerKind.LbfgsLogisticRegression));
        byte[][] contents = [Datasets.Batch(0, 800), Datasets.Batch(1, 800), Datasets.Batch(2, 800), Datasets.Unlabeled(3, 200)];
        for (var i = 0; i < contents.Length; i++)
        {
            await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File($"week-{i}.csv"), contents[i], ArtifactWriteCondition.None);
        }

        // Act: kill -9 inside the stage, then run again with no flags.
        string killedRunId;
        using (var first = CliProcess.Start("run", Model, "--store", _root, "--diagnostic-activity-delay", StageDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)))
        {
            var line = await first.WaitForLineAsync($"] {stage}", TimeSpan.FromMinutes(2));
            killedRunId = line.Trim().TrimStart('[').Split(']')[0];
            await Task.Delay(StageDelay + TimeSpan.FromSeconds(0.6));

            // A run killed before it wrote anything left nothing to recover (its batches are simply collected again), so
            // the kill waits until the run has left a trace — on a loaded machine Validate may not have written its first
            // manifest 1.6 s in.
            await WaitForTraceAsync(store, killedRunId, TimeSpan.FromMinutes(1));
            Assert.False(first.HasExited, $"the run ended before the kill:\n{first.Output}");
            first.KillHard();
        }

        var clock = Stopwatch.StartNew();
        using var second = CliProcess.Start("run", Model, "--store", _root);
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine($"killed during {stage}; rerun exited {exitCode} after {clock.Elapsed.TotalSeconds:0.0} s\n{second.Output}");

        // Assert: the killed run has a record, production is complete and came from one of the two runs.
        Assert.Contains($"Recovered run {killedRunId}", second.Output, StringComparison.Ordinal);
        var records = await RecordsAsync(store);
        var killed = Assert.Single(records, r => r.RunId == killedRunId);
        Assert.True(killed.Outcome is RunOutcome.Interrupted or RunOutcome.Deployed, $"{killed.Outcome}: {killed.Reason}");
        Assert.Equal(killed.Outcome == RunOutcome.Deployed ? 3 : 0, exitCode);
        Assert.Single(records, r => r.Outcome == RunOutcome.Deployed);
        var pointer = await StoreInvariants.AssertProductionCompleteAsync(store, Model);
        Assert.Equal(records.Single(r => r.Outcome == RunOutcome.Deployed).RunId, pointer!.Version);

        // Every batch is ingested once and claimed by exactly one recorded decision.
        var ids = contents.Select(Datasets.BatchId).ToList();
        await StoreInvariants.AssertEveryBatchIngestedExactlyOnceAsync(store, Model, ids);
        foreach (var id in ids)
        {
            var claims = records.Count(r => r.Validation is { } v && (v.Accepted.Any(a => a.BatchId == id) || v.Quarantined.Any(q => q.BatchId == id)));
            Assert.True(claims == 1, $"batch {id[..12]} is claimed by {claims} run records");
        }
    }

    [Fact]
    public async Task Run_SecondProcessWhileOneRuns_ExitsBusyAndNothingIsProcessedTwice()
    {
        // Arrange
        var store = new LocalFolderArtifactStore(_root);
        await new ModelSpecStore(store).SaveAsync(Datasets.Spec(Model, TrainerKind.LbfgsLogisticRegression));
        var content = Datasets.Batch(0, 800);
        await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File("week-0.csv"), content, ArtifactWriteCondition.None);

        // Act: a second process starts while the first is collecting.
        using var first = CliProcess.Start("run", Model, "--store", _root, "--diagnostic-activity-delay", "1");
        await first.WaitForLineAsync("] Collect", TimeSpan.FromMinutes(2));
        using var second = CliProcess.Start("run", Model, "--store", _root);
        var secondExit = await second.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var firstExit = await first.WaitForExitAsync(TimeSpan.FromMinutes(3));

        // Assert
        Assert.True(secondExit == 12, second.Output);
        Assert.Contains("is being run by another process", second.Output, StringComparison.Ordinal);
        Assert.True(firstExit == 0, first.Output);
        var records = await RecordsAsync(store);
        var record = Assert.Single(records);
        Assert.Single(record.Validation!.Accepted, a => a.BatchId == Datasets.BatchId(content));
        Assert.False(await store.ExistsAsync(ModelArtifacts.For(Model).Deployment.RunLease), "the lease is released when the run ends");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Waits until an accepted batch's manifest or a quarantine report carries <paramref name="runId"/>.</summary>
    private static async Task WaitForTraceAsync(IArtifactStore store, string runId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            await foreach (var item in store.ListAsync(ModelArtifacts.For(Model).Batches.AcceptedPrefix))
            {
                if (BatchArtifacts.IsAcceptedManifest(item.Path) && (await store.ReadJsonAsync<BatchManifest>(item.Path)).RunId == runId)
                {
                    return;
                }
            }

            await foreach (var item in store.ListAsync(ModelArtifacts.For(Model).Quarantine.Prefix))
            {
                if (item.Path.EndsWith(".report.json", StringComparison.Ordinal) && (await store.ReadJsonAsync<BatchReport>(item.Path)).RunId == runId)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Run {runId} wrote no batch manifest or quarantine report within {timeout.TotalSeconds:0} s.");
    }

    private static async Task<List<RunRecord>> RecordsAsync(IArtifactStore store)
    {
        var records = new List<RunRecord>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(Model).Runs.Prefix))
        {
            if (item.Path.EndsWith("/record.json", StringComparison.Ordinal))
            {
                records.Add(await store.ReadJsonAsync<RunRecord>(item.Path));
            }
        }

        return records;
    }
}
