using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Collection;

public sealed class DataCollectorTests : IDisposable
{
    private readonly TemporaryStore _store = new();
    private readonly ModelSpec _spec = new ModelSpecBuilder().WithTimestamp("ts")
        .WithValidation(new ValidationSpec { MinTrainingRows = 20 })
        .WithGate(new GateSpec { HoldoutFraction = 0.2, ValidationFraction = 0.1, MinHoldoutRows = 10 })
        .Build();

    public DataCollectorTests()
    {
        new ModelSpecStore(_store.Store).SaveAsync(_spec).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task CollectAsync_NewFile_BecomesPendingBatchNamedBySha256AndLeavesDropZone()
    {
        var csv = Rows(0, 5);
        await _store.PutTextAsync(ModelArtifacts.For("churn").Incoming.File("week 1.csv"), csv);

        var result = await Collector().CollectAsync(new CollectRequest("churn", "run1"));

        var batch = Assert.Single(result.NewBatches);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv))), batch.BatchId);
        Assert.Equal("week 1.csv", batch.SourceName);
        Assert.Equal(csv, await _store.GetTextAsync(ModelArtifacts.For("churn").Batches.Pending(batch.BatchId)));
        Assert.Empty(await _store.ListAsync(ModelArtifacts.For("churn").Incoming.Prefix));
        Assert.Equal(_spec.Features, result.Spec.Features);
        Assert.Equal(_spec.Validation, result.Spec.Validation);
        Assert.Equal(64, result.SpecDigest.Length);
    }

    [Fact]
    public async Task CollectAsync_IdenticalContentUploadedAgainAfterAcceptance_IsNoOpDuplicate()
    {
        var csv = Rows(0, 5);
        await _store.PutTextAsync(ModelArtifacts.For("churn").Incoming.File("a.csv"), csv);
        var first = await Collector().CollectAsync(new CollectRequest("churn", "run1"));
        await Validator().ValidateAsync(new ValidateRequest("churn", "run1", _spec, first.NewBatches));
        await _store.PutTextAsync(ModelArtifacts.For("churn").Incoming.File("a-copy.csv"), csv);

        var second = await Collector().CollectAsync(new CollectRequest("churn", "run2"));

        Assert.Empty(second.NewBatches);
        Assert.Equal(1, second.DuplicatesIgnored);
        Assert.Empty(await _store.ListAsync(ModelArtifacts.For("churn").Incoming.Prefix));
        Assert.Single(await _store.ListAsync(ModelArtifacts.For("churn").Batches.AcceptedPrefix), p => p.EndsWith(".csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CollectAsync_FileOverSizeLimit_IsQuarantinedByteForByteWithReportAndNotCollected()
    {
        var csv = Rows(0, 50);
        await _store.PutTextAsync(ModelArtifacts.For("churn").Incoming.File("huge.csv"), csv);
        var collector = new DataCollector(new ModelSpecStore(_store.Store), _store.Store, Microsoft.Extensions.Options.Options.Create(new CollectionOptions { MaxFileBytes = 100 }), TimeProvider.System, NullLogger<DataCollector>.Instance);

        var result = await collector.CollectAsync(new CollectRequest("churn", "run1"));

        Assert.Empty(result.NewBatches);
        var refused = Assert.Single(result.Refused!);
        Assert.Equal("huge.csv", refused.SourceName);
        Assert.Contains("limit is 100 bytes", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(csv, await _store.GetTextAsync(ModelArtifacts.For("churn").Quarantine.Batch(refused.BatchId)));
        var report = await _store.Store.ReadJsonAsync<BatchReport>(refused.ReportPath);
        Assert.Equal(ValidationCheck.FileSize, Assert.Single(report.Findings).Check);
        Assert.Empty(await _store.ListAsync(ModelArtifacts.For("churn").Incoming.Prefix));
    }

    [Fact]
    public async Task CollectAsync_ModelWithoutSpec_ThrowsSpecExceptionNamingInit()
    {
        var ex = await Assert.ThrowsAsync<ModelSpecException>(() => Collector().CollectAsync(new CollectRequest("unknown", "run1")));

        Assert.Contains("retrain init unknown", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_BatchesOutOfOrder_SortsByTimestampAndHoldsOutNewest()
    {
        await AcceptAsync(("late.csv", Rows(50, 50)), ("early.csv", Rows(0, 50)));

        var snapshot = await Collector().AssembleSnapshotAsync(new SnapshotRequest("churn", "run1", _spec));

        Assert.Null(snapshot.Insufficient);
        Assert.Equal((70, 10, 20), (snapshot.TrainRows, snapshot.ValidationRows, snapshot.HoldoutRows));
        var holdout = await BinarySplits.ReadAsync(_store.Store, _spec, ModelArtifacts.For("churn").Snapshots.Split(snapshot.Digest, DataSplit.Holdout));
        Assert.Equal("x1,x2,color,label", string.Join(',', holdout.Header));
        Assert.Equal(20, holdout.Rows.Count);
        Assert.Equal("80", holdout.Rows[0][0]);
        Assert.Equal("99", holdout.Rows[^1][0]);
        var train = await BinarySplits.ReadAsync(_store.Store, _spec, ModelArtifacts.For("churn").Snapshots.Split(snapshot.Digest, DataSplit.Train));
        Assert.Equal("0", train.Rows[0][0]);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_WindowMaxRows_KeepsOnlyNewestRows()
    {
        await AcceptAsync(("a.csv", Rows(0, 60)), ("b.csv", Rows(60, 60)));
        var spec = _spec with { Window = new WindowSpec { MaxRows = 50 } };

        var snapshot = await Collector().AssembleSnapshotAsync(new SnapshotRequest("churn", "run1", spec));

        Assert.Equal(50, snapshot.TotalRows);
        Assert.Equal(1, snapshot.BatchCount);
        var train = await BinarySplits.ReadAsync(_store.Store, spec, ModelArtifacts.For("churn").Snapshots.Split(snapshot.Digest, DataSplit.Train));
        Assert.Equal("70", train.Rows[0][0]);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_WindowMaxRows_ReadsOnlyTheBatchesTheWindowCanHoldAndTheSameSnapshot()
    {
        // Arrange: three disjoint 60-row batches; a 50-row window lies in the newest.
        await AcceptAsync(("a.csv", Rows(0, 60)), ("b.csv", Rows(60, 60)), ("c.csv", Rows(120, 60)));
        var spec = _spec with { Window = new WindowSpec { MaxRows = 50 } };
        var counting = new Orchestration.ReadCountingArtifactStore(_store.Store);
        var manifests = await AcceptedManifestsAsync();

        // Act
        var snapshot = await Collector(counting).AssembleSnapshotAsync(new SnapshotRequest("churn", "run1", spec));

        // Assert: the two older batches were not opened; the newest 50 rows are the snapshot.
        var oldest = manifests.Where(m => m.SourceName != "c.csv").Select(m => ModelArtifacts.For("churn").Batches.Accepted(m.BatchId));
        Assert.All(oldest, path => Assert.Equal(0, counting.Reads(path)));
        Assert.Equal((50, 1), (snapshot.TotalRows, snapshot.BatchCount));
        var train = await BinarySplits.ReadAsync(_store.Store, spec, ModelArtifacts.For("churn").Snapshots.Split(snapshot.Digest, DataSplit.Train));
        Assert.Equal("130", train.Rows[0][0]);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_ManifestTimestampsContradictTheRows_ReadsEveryBatch()
    {
        // Arrange: b.csv's manifest claims a time range its rows do not have (as after a change of timestamp column): its
        // rows are really the newest, so skipping a.csv on the manifest's word would be wrong.
        await AcceptAsync(("a.csv", Rows(0, 60)), ("b.csv", Rows(60, 60)));
        var manifests = await AcceptedManifestsAsync();
        var b = manifests.Single(m => m.SourceName == "b.csv");
        await _store.Store.WriteJsonAsync(ModelArtifacts.For("churn").Batches.AcceptedManifest(b.BatchId),
            b with { FirstTimestamp = b.FirstTimestamp!.Value.AddDays(30), LastTimestamp = b.LastTimestamp!.Value.AddDays(30) }, ArtifactWriteCondition.None);
        var spec = _spec with { Window = new WindowSpec { MaxRows = 50 } };
        var counting = new Orchestration.ReadCountingArtifactStore(_store.Store);

        // Act
        var snapshot = await Collector(counting).AssembleSnapshotAsync(new SnapshotRequest("churn", "run1", spec));

        // Assert: a.csv was read after all, and the window is still the newest 50 rows by the rows' own timestamps.
        var a = manifests.Single(m => m.SourceName == "a.csv");
        Assert.Equal(1, counting.Reads(ModelArtifacts.For("churn").Batches.Accepted(a.BatchId)));
        var train = await BinarySplits.ReadAsync(_store.Store, spec, ModelArtifacts.For("churn").Snapshots.Split(snapshot.Digest, DataSplit.Train));
        Assert.Equal("70", train.Rows[0][0]);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_TooFewRows_ReportsInsufficientWithFigures()
    {
        await AcceptAsync(("a.csv", Rows(0, 12)));

        var snapshot = await Collector().AssembleSnapshotAsync(new SnapshotRequest("churn", "run1", _spec));

        Assert.NotNull(snapshot.Insufficient);
        Assert.Contains("12 accepted rows", snapshot.Insufficient, StringComparison.Ordinal);
        Assert.Contains("20", snapshot.Insufficient, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_SameInputsTwice_SameDigestAndManifest()
    {
        await AcceptAsync(("a.csv", Rows(0, 40)));

        var first = await Collector().AssembleSnapshotAsync(new SnapshotRequest("churn", "run1", _spec));
        var second = await Collector().AssembleSnapshotAsync(new SnapshotRequest("churn", "run2", _spec));

        Assert.Equal(first, second);
        var manifest = await _store.Store.ReadJsonAsync<SnapshotManifest>(first.ManifestPath);
        Assert.Equal("run1", manifest.CreatedByRun);
    }

    public void Dispose() => _store.Dispose();

    private static string Rows(int start, int count)
    {
        var text = new StringBuilder("x1,x2,color,label,ts\n");
        for (var i = start; i < start + count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},{i % 7},{(i % 2 == 0 ? "red" : "blue")},{(i % 3 == 0 ? "yes" : "no")},{new DateTime(2026, 1, 1).AddHours(i):yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        return text.ToString();
    }

    private async Task AcceptAsync(params (string Name, string Csv)[] files)
    {
        foreach (var (name, csv) in files)
        {
            await _store.PutTextAsync(ModelArtifacts.For("churn").Incoming.File(name), csv);
        }

        var collected = await Collector().CollectAsync(new CollectRequest("churn", "run0"));
        var validation = await Validator().ValidateAsync(new ValidateRequest("churn", "run0", _spec, collected.NewBatches));
        Assert.Equal(files.Length, validation.Accepted.Count);
    }

    private async Task<List<BatchManifest>> AcceptedManifestsAsync()
    {
        var manifests = new List<BatchManifest>();
        foreach (var item in await _store.ListAsync(ModelArtifacts.For("churn").Batches.AcceptedPrefix))
        {
            if (BatchArtifacts.IsAcceptedManifest(item))
            {
                manifests.Add(await _store.Store.ReadJsonAsync<BatchManifest>(item));
            }
        }

        return manifests;
    }

    private DataCollector Collector(IArtifactStore store) => new(new ModelSpecStore(store), store, Microsoft.Extensions.Options.Options.Create(new CollectionOptions()), TimeProvider.System, NullLogger<DataCollector>.Instance);

    private DataCollector Collector() => Collector(_store.Store);

    private DatasetValidator Validator() => new(_store.Store, TimeProvider.System, NullLogger<DatasetValidator>.Instance);
}
