using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Telemetry;
using RetrainFunctions.Core.Tests.Orchestration;

namespace RetrainFunctions.Core.Tests.Telemetry;

public sealed class RetrainTelemetryTests
{
    [Fact]
    public async Task RecordRun_ARealRun_ExportsOneRunSpanAndOneChildSpanPerStage()
    {
        // Arrange
        const string Model = "otel-churn";
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RetrainTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec(Model));
        await harness.UploadAsync(Model, "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync(Model);
        tracing.ForceFlush();

        // Assert: the run's span carries the record's figures; each stage is a child with the stage's own times.
        var mine = exported.Where(a => Equals(a.GetTagItem("retrain.model"), Model)).ToList();
        var run = Assert.Single(mine, a => a.OperationName == RetrainTelemetry.RunSpanName);
        Assert.Equal(record.RunId, run.GetTagItem("retrain.run_id"));
        Assert.Equal(record.Outcome.ToString(), run.GetTagItem("retrain.outcome"));
        Assert.Equal(record.Snapshot?.TotalRows, run.GetTagItem("retrain.rows"));
        Assert.Equal(record.StartedAt.UtcDateTime, run.StartTimeUtc);
        Assert.Equal(default, run.ParentSpanId);
        var stages = mine.Where(a => a.OperationName == RetrainTelemetry.StageSpanName).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.True(record.Stages.Count >= 5, $"Expected a full run, got stages {string.Join(", ", record.Stages.Select(s => s.Stage))} ({record.Outcome}: {record.Reason})");
        Assert.Equal(record.Stages.Select(s => s.Stage.ToString()), stages.Select(s => (string)s.GetTagItem("retrain.stage")!));
        Assert.All(stages, s =>
        {
            Assert.Equal(run.SpanId, s.ParentSpanId);
            Assert.Equal(run.TraceId, s.TraceId);
        });
        Assert.Equal(record.Stages.Select(s => s.Duration), stages.Select(s => s.Duration));
    }

    [Fact]
    public async Task RecordAsync_TheSameRecordTwice_ExportsItsSpansOnce()
    {
        // Arrange
        const string Model = "otel-twice";
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RetrainTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        using var store = new Builders.TemporaryStore();
        var recorder = new RunRecorder(store.Store, Microsoft.Extensions.Logging.Abstractions.NullLogger<RunRecorder>.Instance);
        var startedAt = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
        var record = new RunRecord
        {
            Model = Model,
            RunId = "20261205T080000Z-0a1b2c3d",
            InstanceId = "retrain-" + Model,
            Trigger = RunTrigger.Schedule,
            StartedAt = startedAt,
            CompletedAt = startedAt.AddSeconds(3),
            Outcome = RunOutcome.Skipped,
            Stages = [new StageTiming(PipelineStage.Collect, startedAt, startedAt.AddSeconds(2))],
        };

        // Act: an activity retry records the same run again.
        await recorder.RecordAsync(record);
        await recorder.RecordAsync(record);
        tracing.ForceFlush();

        // Assert
        var mine = exported.Where(a => Equals(a.GetTagItem("retrain.model"), Model)).ToList();
        Assert.Single(mine, a => a.OperationName == RetrainTelemetry.RunSpanName);
        var stage = Assert.Single(mine, a => a.OperationName == RetrainTelemetry.StageSpanName);
        Assert.Equal(TimeSpan.FromSeconds(2), stage.Duration);
    }
}
