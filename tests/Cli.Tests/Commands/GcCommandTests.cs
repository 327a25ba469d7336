using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary>
/// Issue #16, item 8: <c>retrain gc</c> on a real folder store with production, a pointer history, a superseded version,
/// six runs (one without a record), snapshots, a quarantined file and scratch.
/// </summary>
public sealed class GcCommandTests : IDisposable
{
    private const string Model = CreditStreamGenerator.ModelName;
    private readonly TemporaryFolder _folder = new();
    private readonly LocalFolderArtifactStore _store;

    public GcCommandTests() => _store = new LocalFolderArtifactStore(_folder.Path);

    private static string Run(int i) => i == 6 ? "20990101T000000Z-00000006" : $"2026010{i}T000000Z-0000000{i}";

    private static string Snapshot(int i) => new((char)('a' + i), 64);

    [Fact]
    public async Task Gc_DryRun_ListsWhatWouldGoAndDeletesNothing()
    {
        // Arrange
        await ArrangeStoreAsync();
        var before = Files();

        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("gc", Model, "--keep-runs", "2", "--dry-run", "--store", _folder.Path);

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.Equal(before, Files());
        Assert.Contains($"runs/{Model}/{Run(3)}/candidates/LightGbm.zip", output, StringComparison.Ordinal);
        Assert.Contains($"snapshots/{Model}/{Snapshot(4)}/manifest.json", output, StringComparison.Ordinal);
        Assert.Contains("scratch/demo/work.csv", output, StringComparison.Ordinal);
        Assert.Contains("would be deleted; nothing was", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_KeepTwoRuns_PrunesOldArtifactsAndKeepsProductionHistoryLineageRecordsAndQuarantine()
    {
        // Arrange
        await ArrangeStoreAsync();

        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("gc", Model, "--keep-runs", "2", "--store", _folder.Path);

        // Assert
        Assert.True(exitCode == 0, error + output);
        var files = Files();

        // Production (run 2), the version it replaced (run 1): whole, with their runs and snapshots.
        foreach (var i in new[] { 1, 2 })
        {
            Assert.Contains($"models/{Model}/versions/{Run(i)}/model.zip", files);
            Assert.Contains($"runs/{Model}/{Run(i)}/candidates/LightGbm.zip", files);
            Assert.Contains($"snapshots/{Model}/{Snapshot(i)}/train.idv", files);
        }

        // The newest two runs (5, and 6 which has no record yet) stay whole, with run 5's snapshot.
        Assert.Contains($"runs/{Model}/{Run(5)}/candidates/LightGbm.zip", files);
        Assert.Contains($"runs/{Model}/{Run(6)}/featurizer.zip", files);
        Assert.Contains($"snapshots/{Model}/{Snapshot(5)}/manifest.json", files);

        // Runs 3 and 4 keep their record only; the superseded version 3 and snapshots 3 and 4 are gone.
        foreach (var i in new[] { 3, 4 })
        {
            Assert.Contains($"runs/{Model}/{Run(i)}/record.json", files);
            Assert.DoesNotContain($"runs/{Model}/{Run(i)}/candidates/LightGbm.zip", files);
            Assert.DoesNotContain(files, f => f.StartsWith($"snapshots/{Model}/{Snapshot(i)}/", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(files, f => f.StartsWith($"models/{Model}/versions/{Run(3)}/", StringComparison.Ordinal));
        Assert.DoesNotContain(ModelArtifacts.For(Model).Approvals.Decision(Run(4)), files);

        // Never: batches, quarantine, specs, the pointer and its history. Scratch goes.
        Assert.Contains(ModelArtifacts.For(Model).Quarantine.Batch(new string('9', 64)), files);
        Assert.Contains(ModelArtifacts.For(Model).Batches.Accepted(new string('8', 64)), files);
        Assert.Contains(ModelArtifacts.For(Model).Specs.Document, files);
        Assert.Contains(ModelArtifacts.For(Model).Deployment.Production, files);
        Assert.DoesNotContain(files, f => f.StartsWith("scratch/", StringComparison.Ordinal));
        Assert.Equal(Run(2), (await Deployer().GetProductionAsync(Model))!.Version);
        Assert.Contains("Deleted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_KeepZero_StillKeepsProductionAndItsHistory()
    {
        // Arrange
        await ArrangeStoreAsync();

        // Act
        var (exitCode, _, error) = await CommandLineRunner.RunAsync("gc", Model, "--keep-runs", "0", "--store", _folder.Path);

        // Assert
        Assert.True(exitCode == 0, error);
        var files = Files();
        Assert.Contains($"models/{Model}/versions/{Run(2)}/model.zip", files);
        Assert.Contains($"models/{Model}/versions/{Run(1)}/model.zip", files);
        Assert.Contains($"snapshots/{Model}/{Snapshot(1)}/train.idv", files);
        Assert.DoesNotContain($"runs/{Model}/{Run(5)}/candidates/LightGbm.zip", files);
        Assert.Equal(5, files.Count(f => f.StartsWith($"runs/{Model}/", StringComparison.Ordinal) && f.EndsWith("/record.json", StringComparison.Ordinal)));
    }

    public void Dispose() => _folder.Dispose();

    private ModelDeployer Deployer() => new(_store, TimeProvider.System, NullLogger<ModelDeployer>.Instance);

    /// <summary>The store's artifacts (not the folder store's own metadata and locks).</summary>
    private List<string> Files() =>
        [.. Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_folder.Path, f).Replace('\\', '/')).Where(f => !f.StartsWith(".~meta/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Runs 1-5 recorded (each trained on snapshot i), run 6 unrecorded; 1 then 2 deployed, 3 superseded (stored, never served).</summary>
    private async Task ArrangeStoreAsync()
    {
        await new ModelSpecStore(_store).SaveAsync(CreditStreamGenerator.Spec());
        var deployer = Deployer();
        for (var i = 1; i <= 6; i++)
        {
            var run = Run(i);
            if (i == 6)
            {
                await WriteAsync(ModelArtifacts.For(Model).Runs.Run(run).Featurizer);
                continue;
            }

            var candidate = ModelArtifacts.For(Model).Runs.Run(run).Candidate("LightGbm");
            await WriteAsync(candidate);
            await WriteAsync(ModelArtifacts.For(Model).Runs.Run(run).EvaluationReport);
            await WriteAsync(ModelArtifacts.For(Model).Snapshots.Manifest(Snapshot(i)));
            await WriteAsync(ModelArtifacts.For(Model).Snapshots.Split(Snapshot(i), DataSplit.Train));
            var snapshot = new SnapshotRef(Snapshot(i), ModelArtifacts.For(Model).Snapshots.Manifest(Snapshot(i)), 1, 100, 10, 10);
            await _store.WriteJsonAsync(ModelArtifacts.For(Model).Runs.Run(run).Record, new RunRecord
            {
                Model = Model, RunId = run, InstanceId = "retrain-" + Model, Trigger = RunTrigger.CommandLine, StartedAt = DateTimeOffset.UnixEpoch, Snapshot = snapshot,
            }, ArtifactWriteCondition.None);
            if (i <= 3)
            {
                var expected = i switch { 1 => null, 2 => Run(1), _ => "someone-else" };
                var request = new DeployRequest(Model, run, candidate, TrainerKind.LightGbm, new Dictionary<string, string>(), new Dictionary<EvaluationMetric, double>(),
                    Snapshot(i), "spec", expected, DateTimeOffset.UnixEpoch, ModelTask.BinaryClassification);
                Assert.Equal(i < 3, (await deployer.DeployAsync(request)).Deployed);
            }
        }

        await WriteAsync(ModelArtifacts.For(Model).Approvals.Decision(Run(4)));
        await WriteAsync(ModelArtifacts.For(Model).Quarantine.Batch(new string('9', 64)));
        await WriteAsync(ModelArtifacts.For(Model).Batches.Accepted(new string('8', 64)));
        await WriteAsync(ScratchArtifacts.File("demo", "work.csv"));
    }

    private Task WriteAsync(string path) => _store.WriteBytesAsync(path, Encoding.UTF8.GetBytes(path), ArtifactWriteCondition.None);
}
