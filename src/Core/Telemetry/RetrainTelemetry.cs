using System.Diagnostics;
using System.Diagnostics.Metrics;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Core.Telemetry;

/// <summary>
/// OpenTelemetry-compatible traces and metrics of retraining runs, through <see cref="ActivitySource"/> and
/// <see cref="Meter"/> named <see cref="SourceName"/> (a host subscribes with <c>AddSource</c>/<c>AddMeter</c>).
/// </summary>
/// <remarks>
/// Emitted once per run, from the run record, when <see cref="RunRecorder"/> writes it for the first time: a
/// <c>retrain.run</c> span from the run's start to its end, and one <c>retrain.stage</c> child span per stage with the
/// stage's own start and end; the metrics <see cref="RunsMetric"/> (by model and outcome), <see cref="PromotionsMetric"/>,
/// <see cref="StageDurationMetric"/> (by model and stage) and, for a probation rollback, <see cref="RollbacksMetric"/>.
/// Orchestrator replays never emit (the orchestrator does not), and a retried or repeated <c>RecordRun</c> finds the
/// record written and emits nothing, so nothing is counted twice. An operator's rollback is counted by
/// <see cref="RecordRollback"/> once its pointer flip succeeded (it happens outside any orchestration).
/// </remarks>
public static class RetrainTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string SourceName = "RetrainFunctions";

    /// <summary>The name of a run's span.</summary>
    public const string RunSpanName = "retrain.run";

    /// <summary>The name of a stage's span.</summary>
    public const string StageSpanName = "retrain.stage";

    /// <summary>The counter of ended runs, tagged <c>retrain.model</c> and <c>retrain.outcome</c>.</summary>
    public const string RunsMetric = "retrain.runs";

    /// <summary>The counter of runs that deployed a new production version, tagged <c>retrain.model</c>.</summary>
    public const string PromotionsMetric = "retrain.promotions";

    /// <summary>The counter of production rollbacks, tagged <c>retrain.model</c> and <c>retrain.source</c> (<see cref="RollbackSource"/>).</summary>
    public const string RollbacksMetric = "retrain.rollbacks";

    /// <summary>The histogram of stage durations in seconds, tagged <c>retrain.model</c> and <c>retrain.stage</c>.</summary>
    public const string StageDurationMetric = "retrain.stage.duration";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(RunsMetric, description: "Runs ended, by model and outcome.");
    private static readonly Counter<long> Promotions = Meter.CreateCounter<long>(PromotionsMetric, description: "Runs that deployed a new production version.");
    private static readonly Counter<long> Rollbacks = Meter.CreateCounter<long>(RollbacksMetric, description: "Production rolled back to an earlier version, by probation or by an operator.");
    private static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(StageDurationMetric, unit: "s", description: "Duration of each pipeline stage.");

    /// <summary>Counts a rollback of <paramref name="model"/>'s production made outside a run (by an operator).</summary>
    /// <remarks>A probation rollback is counted from its run's record by <see cref="RecordRun"/>, not here.</remarks>
    public static void RecordRollback(string model, RollbackSource source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Rollbacks.Add(1, new("retrain.model", model), new("retrain.source", source.ToString()));
    }

    /// <summary>Emits the spans and metrics of the ended run <paramref name="record"/>.</summary>
    public static void RecordRun(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var completedAt = record.CompletedAt ?? record.Stages.LastOrDefault()?.CompletedAt ?? record.StartedAt;
        var outcome = record.Outcome?.ToString() ?? "Unknown";
        Runs.Add(1, new("retrain.model", record.Model), new("retrain.outcome", outcome));
        if (record.Outcome == RunOutcome.Deployed)
        {
            Promotions.Add(1, new KeyValuePair<string, object?>("retrain.model", record.Model));
        }

        if (record.Probation?.RolledBack == true)
        {
            RecordRollback(record.Model, RollbackSource.Probation);
        }

        foreach (var stage in record.Stages)
        {
            StageDuration.Record(stage.Duration.TotalSeconds, new("retrain.model", record.Model), new("retrain.stage", stage.Stage.ToString()));
        }

        if (!Source.HasListeners())
        {
            return;
        }

        // A root span: the run began long before the activity that records it; that activity is linked, not the parent.
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            using var run = Source.StartActivity(
                ActivityKind.Internal,
                parentContext: default,
                tags: RunTags(record, outcome, completedAt - record.StartedAt),
                links: current is null ? null : [new ActivityLink(current.Context)],
                startTime: record.StartedAt,
                name: RunSpanName);
            if (run is null)
            {
                return;
            }

            foreach (var stage in record.Stages)
            {
                using var span = Source.StartActivity(
                    ActivityKind.Internal,
                    parentContext: run.Context,
                    tags:
                    [
                        new("retrain.model", record.Model),
                        new("retrain.run_id", record.RunId),
                        new("retrain.stage", stage.Stage.ToString()),
                        new("retrain.duration_ms", stage.Duration.TotalMilliseconds),
                    ],
                    startTime: stage.StartedAt,
                    name: StageSpanName);
                span?.SetEndTime(stage.CompletedAt.UtcDateTime);
            }

            if (record.Outcome == RunOutcome.Failed)
            {
                run.SetStatus(ActivityStatusCode.Error, record.Reason);
            }

            run.SetEndTime(completedAt.UtcDateTime);
        }
        finally
        {
            Activity.Current = current;
        }
    }

    private static KeyValuePair<string, object?>[] RunTags(RunRecord record, string outcome, TimeSpan duration) =>
    [
        new("retrain.model", record.Model),
        new("retrain.run_id", record.RunId),
        new("retrain.instance_id", record.InstanceId),
        new("retrain.trigger", record.Trigger.ToString()),
        new("retrain.outcome", outcome),
        new("retrain.rejection", record.Rejection?.ToString()),
        new("retrain.rows", record.Snapshot?.TotalRows),
        new("retrain.duration_ms", duration.TotalMilliseconds),
    ];
}
