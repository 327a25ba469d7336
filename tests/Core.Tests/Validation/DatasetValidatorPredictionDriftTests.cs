using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Validation;

public sealed class DatasetValidatorPredictionDriftTests : IDisposable
{
    private readonly TemporaryStore _store = new();
    private readonly FakeTimeProvider _time = new(Stages.Now);

    [Fact]
    public async Task ValidateAsync_ProductionModelScoresShiftedData_PredictionDriftedAndTrainingScoresCached()
    {
        var snapshot = await new SyntheticSnapshotBuilder().WithRows(1_000).Build().WriteToAsync(_store.Store);
        var model = snapshot.Model;
        await DeployAsync(snapshot, await Stages.TrainCandidateAsync(_store.Store, snapshot, TrainerKind.LbfgsLogisticRegression, "run1"));
        var holdout = snapshot.Splits[DataSplit.Holdout];

        var same = await ValidateAsync(snapshot, "same.csv", holdout, "run2");
        var shifted = await ValidateAsync(snapshot, "shifted.csv", ShiftX1(holdout, 4), "run3");

        Assert.False(same.Drift!.PredictionDrifted);
        Assert.True(shifted.Drift!.PredictionDrifted);
        var report = await _store.Store.ReadJsonAsync<DriftReport>(shifted.Drift.ReportPath!);
        Assert.True(report.Prediction!.NormalizedWasserstein > 0.5);
        Assert.True(await _store.Store.ExistsAsync(ModelArtifacts.For(model).Versions.Version("v1").TrainingScoresProfile));

        // With a production model the dataset rule weighs features by its permutation importance: the label is
        // 1.5·x1 − x2 + color + noise, so x1 matters most and the noise feature x3 hardly at all.
        Assert.Equal(DriftWeighting.Importance, report.Weighting);
        var importance = await _store.Store.ReadJsonAsync<Dictionary<string, double>>(ModelArtifacts.For(model).Versions.Version("v1").FeatureImportance);
        Assert.Equal("x1", importance.MaxBy(p => p.Value).Key);
        Assert.True(importance["x3"] < importance["x1"] / 5, $"x3 {importance["x3"]} vs x1 {importance["x1"]}");
        var x1 = report.Features.Single(f => f.Column == "x1");
        var x3 = report.Features.Single(f => f.Column == "x3");
        Assert.True(x1.Weight > x3.Weight);
    }

    public void Dispose() => _store.Dispose();

    private async Task<ValidationResult> ValidateAsync(SyntheticSnapshot snapshot, string name, string csv, string runId)
    {
        await new ModelSpecStore(_store.Store).SaveAsync(snapshot.Spec);
        await _store.PutTextAsync(ModelArtifacts.For(snapshot.Model).Incoming.File(name), csv);
        var collector = new DataCollector(new ModelSpecStore(_store.Store), _store.Store, Microsoft.Extensions.Options.Options.Create(new CollectionOptions()), TimeProvider.System, NullLogger<DataCollector>.Instance);
        var batches = (await collector.CollectAsync(new CollectRequest(snapshot.Model, runId))).NewBatches;
        var validator = new DatasetValidator(_store.Store, _time, NullLogger<DatasetValidator>.Instance, Stages.Scorer(_store.Store));
        return await validator.ValidateAsync(new ValidateRequest(snapshot.Model, runId, snapshot.Spec, batches));
    }

    private async Task DeployAsync(SyntheticSnapshot snapshot, Core.Training.CandidateResult candidate)
    {
        var model = snapshot.Model;
        await using (var zip = await _store.Store.OpenReadAsync(candidate.ModelPath))
        {
            await _store.Store.WriteAsync(ModelArtifacts.For(model).Versions.Version("v1").Model, zip, ArtifactWriteCondition.None, metadata: null);
        }

        var version = new ModelVersion(model, "v1", snapshot.Spec.Task, TrainerKind.LbfgsLogisticRegression, new Dictionary<string, string>(),
            new Dictionary<EvaluationMetric, double>(), snapshot.Snapshot.Digest, "spec", "run1", null, "sha", _time.GetUtcNow());
        await _store.Store.WriteJsonAsync(ModelArtifacts.For(model).Versions.Version("v1").Manifest, version, ArtifactWriteCondition.None);
        await _store.Store.WriteJsonAsync(ModelArtifacts.For(model).Deployment.Production, new ProductionPointer(model, "v1", null, 1, _time.GetUtcNow(), "run1", PointerAction.Deploy), ArtifactWriteCondition.None);
    }

    private static string ShiftX1(string csv, double shift)
    {
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var header = reader.ReadHeader();
        var x1 = Array.IndexOf(header, "x1");
        var output = new MemoryStream();
        using (var writer = new CsvWriter(output, leaveOpen: true))
        {
            writer.WriteRecord(header);
            while (reader.ReadRecord() is { } record)
            {
                if (CsvValues.TryParseNumber(record[x1], out var value))
                {
                    record[x1] = (value + shift).ToString("R", CultureInfo.InvariantCulture);
                }

                writer.WriteRecord(record);
            }
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
