using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Validation;

public sealed class DatasetValidatorTests : IDisposable
{
    private const string Good = "x1,x2,color,label\n1,2,red,yes\n3,4,blue,no\n";
    private const string NoLabel = "x1,x2,color\n1,2,red\n";
    private readonly TemporaryStore _store = new();
    private readonly ModelSpec _spec = new ModelSpecBuilder().Build();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ValidateAsync_GoodAndBadBatch_AcceptsOneAndQuarantinesOtherByteForByteWithReport()
    {
        var batches = await CollectAsync(("good.csv", Good), ("bad.csv", NoLabel));

        var result = await Validator().ValidateAsync(new ValidateRequest("churn", "run1", _spec, batches));

        var accepted = Assert.Single(result.Accepted);
        Assert.Equal(("good.csv", 2), (accepted.SourceName, accepted.Rows));
        var quarantined = Assert.Single(result.Quarantined);
        Assert.Equal("bad.csv", quarantined.SourceName);
        Assert.Contains("'label'", quarantined.Reason, StringComparison.Ordinal);
        Assert.Equal(NoLabel, await _store.GetTextAsync(ModelArtifacts.For("churn").Quarantine.Batch(quarantined.BatchId)));
        var report = await _store.Store.ReadJsonAsync<BatchReport>(quarantined.ReportPath);
        Assert.False(report.Accepted);
        Assert.Equal(_time.GetUtcNow(), report.ValidatedAt);
        Assert.Equal(ValidationCheck.MissingColumn, report.Findings[0].Check);
        var manifest = await _store.Store.ReadJsonAsync<BatchManifest>(ModelArtifacts.For("churn").Batches.AcceptedManifest(accepted.BatchId));
        Assert.Equal(("good.csv", 2, "run1"), (manifest.SourceName, manifest.Rows, manifest.RunId));
        Assert.Empty(await _store.ListAsync(ModelArtifacts.For("churn").Batches.PendingPrefix));
        var runReport = await _store.Store.ReadJsonAsync<ValidationRunReport>(result.ReportPath);
        Assert.Equal(2, runReport.Batches.Count);
    }

    [Fact]
    public async Task ValidateAsync_RetriedAfterBatchesMoved_ReportsTheSameDecisions()
    {
        var batches = await CollectAsync(("good.csv", Good), ("bad.csv", NoLabel));
        var first = await Validator().ValidateAsync(new ValidateRequest("churn", "run1", _spec, batches));

        var retry = await Validator().ValidateAsync(new ValidateRequest("churn", "run1", _spec, batches));

        Assert.Equal(first.Accepted.Select(a => a.BatchId), retry.Accepted.Select(a => a.BatchId));
        Assert.Equal(first.Quarantined.Select(q => q.BatchId), retry.Quarantined.Select(q => q.BatchId));
    }

    public void Dispose() => _store.Dispose();

    private async Task<IReadOnlyList<BatchRef>> CollectAsync(params (string Name, string Csv)[] files)
    {
        await new ModelSpecStore(_store.Store).SaveAsync(_spec);
        foreach (var (name, csv) in files)
        {
            await _store.PutTextAsync(ModelArtifacts.For("churn").Incoming.File(name), csv);
        }

        var collector = new DataCollector(new ModelSpecStore(_store.Store), _store.Store, Microsoft.Extensions.Options.Options.Create(new CollectionOptions()), TimeProvider.System, NullLogger<DataCollector>.Instance);
        return (await collector.CollectAsync(new CollectRequest("churn", "run1"))).NewBatches;
    }

    private DatasetValidator Validator() => new(_store.Store, _time, NullLogger<DatasetValidator>.Instance);
}
