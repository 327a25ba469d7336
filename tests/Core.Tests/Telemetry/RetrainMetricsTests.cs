using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Telemetry;
using RetrainFunctions.Core.Tests.Orchestration;

namespace RetrainFunctions.Core.Tests.Telemetry;

public sealed class RetrainMetricsTests
{
    [Fact]
    public async Task RecordRun_RealRunsWithAPromotionAProbationRollbackAndAnOperatorRollback_ExportsTheirCountsAndStageDurations()
    {
        // Arrange: v1 learns y ~ x1, v2 the inverted concept (promoted), then y ~ x1 returns and probation rolls v2 back.
        const string Model = "otel-metrics";
        var exported = new List<MetricSnapshot>();
        using var metrics = Sdk.CreateMeterProviderBuilder().AddMeter(RetrainTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec(Model) with { Window = new WindowSpec { MaxRows = 1_200 } });
        var records = new List<RunRecord>();
        foreach (var (week, rows, drifted) in new[] { (0, 600, false), (1, 1_200, true), (2, 300, false) })
        {
            await harness.UploadAsync(Model, $"week-{week}.csv", PipelineHarness.Batch(week, rows, drifted: drifted));

            // Act
            records.Add(await harness.RunAsync(Model));
        }

        var deployer = new ModelDeployer(harness.Store, TimeProvider.System, NullLogger<ModelDeployer>.Instance);
        await deployer.RollBackAsync(Model, records[1].RunId, "ops");
        metrics.ForceFlush();

        // Assert: the scenario happened as planned.
        Assert.Equal((RunOutcome.Deployed, RunOutcome.Deployed), (records[0].Outcome, records[1].Outcome));
        Assert.True(records[2].Probation is { Checked: true, RolledBack: true }, records[2].Probation?.Reason);

        // Assert: one count per run by outcome, one promotion per deployed run, each rollback under its source.
        var runs = Points(exported, RetrainTelemetry.RunsMetric, Model);
        Assert.Equal(
            records.GroupBy(r => r.Outcome!.Value.ToString()).ToDictionary(g => g.Key, g => (long)g.Count()),
            runs.ToDictionary(p => (string)Tag(p, "retrain.outcome")!, p => p.GetSumLong()));
        Assert.Equal(records.Count(r => r.Outcome == RunOutcome.Deployed), Assert.Single(Points(exported, RetrainTelemetry.PromotionsMetric, Model)).GetSumLong());
        var rollbacks = Points(exported, RetrainTelemetry.RollbacksMetric, Model);
        Assert.Equal(
            new Dictionary<string, long> { [nameof(RollbackSource.Probation)] = 1, [nameof(RollbackSource.Operator)] = 1 },
            rollbacks.ToDictionary(p => (string)Tag(p, "retrain.source")!, p => p.GetSumLong()));

        // Assert: one duration per stage of every run, in seconds, the stages' own.
        var durations = Points(exported, RetrainTelemetry.StageDurationMetric, Model).ToDictionary(p => (string)Tag(p, "retrain.stage")!);
        var stages = records.SelectMany(r => r.Stages).GroupBy(s => s.Stage.ToString()).ToList();
        Assert.Equal(stages.Select(g => g.Key).Order(), durations.Keys.Order());
        Assert.All(stages, g =>
        {
            var point = durations[g.Key];
            Assert.Equal(g.Count(), point.GetHistogramCount());
            Assert.Equal(g.Sum(s => s.Duration.TotalSeconds), point.GetHistogramSum(), precision: 6);
        });
    }

    /// <summary>The points of the last export of <paramref name="name"/> (cumulative) tagged with <paramref name="model"/>.</summary>
    private static List<MetricPoint> Points(List<MetricSnapshot> exported, string name, string model) =>
        exported.Last(m => m.Name == name).MetricPoints.Where(p => Equals(Tag(p, "retrain.model"), model)).ToList();

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
