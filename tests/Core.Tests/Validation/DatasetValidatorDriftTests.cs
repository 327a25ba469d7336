using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Validation;

public sealed class DatasetValidatorDriftTests : IDisposable
{
    private const string Model = "churn";
    private readonly TemporaryStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ValidateAsync_ShiftedBatchWithProductionModel_WritesDriftReportPageProfileAndSummary()
    {
        var spec = new ModelSpecBuilder().Build();
        await DeployProductionAsync(spec, new ProfileRowsBuilder(1).Rows(1_000));
        var shifted = new ProfileRowsBuilder(2)
            .WithX1((r, _) => ProfileRowsBuilder.Normal(r) + 2)
            .WithColor((r, _) => r.NextDouble() < 0.9 ? "red" : "blue");
        var batches = await CollectAsync(spec, "week-02.csv", shifted.Rows(400));

        var result = await Validator().ValidateAsync(new ValidateRequest(Model, "run2", spec, batches));

        var accepted = Assert.Single(result.Accepted);
        var drift = result.Drift!;
        Assert.True(drift.Measured);
        Assert.Equal(DriftReferenceKind.Production, drift.Reference);
        Assert.Contains("production version v1", drift.ReferenceDescription, StringComparison.Ordinal);
        Assert.Equal(["color", "x1"], drift.DriftedFeatures.Order(StringComparer.Ordinal));
        Assert.True(drift.DatasetDrifted); // two of three features
        var report = await _store.Store.ReadJsonAsync<DriftReport>(drift.ReportPath!);
        Assert.Equal(ModelArtifacts.For(Model).Runs.Run("run2").DriftReport, drift.ReportPath);
        Assert.Equal((1_000L, 400L), (report.ReferenceRows, report.CurrentRows));
        Assert.False(report.Features.Single(f => f.Column == "x2").Drifted);
        var page = await _store.GetTextAsync(ModelArtifacts.For(Model).Runs.Run("run2").DriftPage);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", page.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var profile = await _store.Store.ReadJsonAsync<DatasetProfile>(ModelArtifacts.For(Model).Batches.AcceptedProfile(accepted.BatchId));
        Assert.Equal(400, profile.Rows);
        Assert.True(await _store.Store.ExistsAsync(ModelArtifacts.For(Model).Snapshots.Profile("snap1")));
    }

    [Fact]
    public async Task ValidateAsync_NewCategoryVsProductionTrainingData_WarnsButAccepts()
    {
        var spec = new ModelSpecBuilder().Build();
        await DeployProductionAsync(spec, new ProfileRowsBuilder(1).Rows(1_000));
        var batches = await CollectAsync(spec, "new.csv", new ProfileRowsBuilder(2).WithColor((r, _) => r.NextDouble() < 0.3 ? "purple" : "red").Rows(300));

        var result = await Validator().ValidateAsync(new ValidateRequest(Model, "run2", spec, batches));

        Assert.Equal(1, Assert.Single(result.Accepted).Warnings);
        var runReport = await _store.Store.ReadJsonAsync<ValidationRunReport>(result.ReportPath);
        Assert.Equal(ValidationCheck.UnseenCategory, Assert.Single(runReport.Batches[0].Findings).Check);
    }

    [Fact]
    public async Task ValidateAsync_PreviousReference_ComparesWithTheBatchAcceptedBefore()
    {
        var spec = new ModelSpecBuilder().With(s => s with { Drift = new DriftSpec { Reference = DriftReferenceKind.Previous } }).Build();
        var first = await Validator().ValidateAsync(new ValidateRequest(Model, "run1", spec, await CollectAsync(spec, "a.csv", new ProfileRowsBuilder(1).Rows(300))));
        _time.Advance(TimeSpan.FromDays(7));

        var second = await Validator().ValidateAsync(new ValidateRequest(Model, "run2", spec,
            await CollectAsync(spec, "b.csv", new ProfileRowsBuilder(2).WithX2((r, _) => (3 * ProfileRowsBuilder.Normal(r)) - 4).Rows(300))));

        Assert.False(first.Drift!.Measured);
        Assert.Equal("no earlier accepted batch", first.Drift.ReferenceDescription);
        Assert.True(second.Drift!.Measured);
        Assert.Contains("'a.csv'", second.Drift.ReferenceDescription, StringComparison.Ordinal);
        Assert.Equal(["x2"], second.Drift.DriftedFeatures);
        Assert.False(second.Drift.DatasetDrifted);
    }

    [Fact]
    public async Task ValidateAsync_NoProductionModel_DriftNotMeasuredAndNothingWritten()
    {
        var spec = new ModelSpecBuilder().Build();

        var result = await Validator().ValidateAsync(new ValidateRequest(Model, "run1", spec, await CollectAsync(spec, "a.csv", new ProfileRowsBuilder(1).Rows(50))));

        Assert.Equal(("no production model yet", false), (result.Drift!.ReferenceDescription, result.Drift.Measured));
        Assert.False(await _store.Store.ExistsAsync(ModelArtifacts.For(Model).Runs.Run("run1").DriftReport));
    }

    public void Dispose() => _store.Dispose();

    private async Task DeployProductionAsync(ModelSpec spec, List<string[]> trainRows)
    {
        await BinarySplits.PutCsvAsync(_store.Store, spec, ModelArtifacts.For(Model).Snapshots.Split("snap1", DataSplit.Train), ProfileRowsBuilder.Csv(trainRows));
        var version = new ModelVersion(Model, "v1", spec.Task, TrainerKind.LightGbm, new Dictionary<string, string>(), new Dictionary<EvaluationMetric, double>(),
            "snap1", "spec", "run1", null, "sha", _time.GetUtcNow());
        await _store.Store.WriteJsonAsync(ModelArtifacts.For(Model).Versions.Version("v1").Manifest, version, ArtifactWriteCondition.None);
        await _store.Store.WriteJsonAsync(ModelArtifacts.For(Model).Deployment.Production, new ProductionPointer(Model, "v1", null, 1, _time.GetUtcNow(), "run1", PointerAction.Deploy), ArtifactWriteCondition.None);
    }

    private async Task<IReadOnlyList<BatchRef>> CollectAsync(ModelSpec spec, string name, IEnumerable<string[]> rows)
    {
        await new ModelSpecStore(_store.Store).SaveAsync(spec);
        await _store.PutTextAsync(ModelArtifacts.For(Model).Incoming.File(name), ProfileRowsBuilder.Csv(rows));
        var collector = new DataCollector(new ModelSpecStore(_store.Store), _store.Store, Microsoft.Extensions.Options.Options.Create(new CollectionOptions()), TimeProvider.System, NullLogger<DataCollector>.Instance);
        return (await collector.CollectAsync(new CollectRequest(Model, "run"))).NewBatches;
    }

    private DatasetValidator Validator() => new(_store.Store, _time, NullLogger<DatasetValidator>.Instance);
}
