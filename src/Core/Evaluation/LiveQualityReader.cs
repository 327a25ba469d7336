using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Production's live quality over time, from what runs already keep: every run that compared a challenger with a
/// production version kept its comparison rows (new labeled rows no model had learned from) and the name of that
/// version. Each such run becomes one <see cref="LiveQualityPoint"/>: the version rescored on those rows, with
/// block bootstrap intervals drawn in the gate's time blocks (<see cref="GateEvidence.BlockRows"/>). Rows and
/// versions are immutable, so a version's quality on a run's rows is computed once per process.
/// </summary>
public sealed class LiveQualityReader(IArtifactStore store, ModelScorer scorer, ILogger<LiveQualityReader> logger)
{
    /// <summary>The confidence of the intervals.</summary>
    public const double Confidence = 0.95;

    /// <summary>Bootstrap resamples per interval.</summary>
    public const int Resamples = 1000;

    private const int BootstrapSeed = 20260101;

    private readonly ConcurrentDictionary<string, VersionQuality> _scored = new(StringComparer.Ordinal);

    /// <summary>The metrics shown for <paramref name="task"/>: accuracy and F1 (or the task's counterparts), then the gate metric.</summary>
    public static IReadOnlyList<EvaluationMetric> MetricsFor(ModelTask task, EvaluationMetric gate)
    {
        EvaluationMetric[] shown = task switch
        {
            ModelTask.BinaryClassification => [EvaluationMetric.Accuracy, EvaluationMetric.F1],
            ModelTask.MulticlassClassification => [EvaluationMetric.MicroAccuracy, EvaluationMetric.MacroF1],
            _ => [EvaluationMetric.Rmse, EvaluationMetric.Mae],
        };
        return shown.Contains(gate) ? shown : [.. shown, gate];
    }

    /// <summary>The points of the newest <paramref name="take"/> runs of <paramref name="spec"/>'s model that met a production version, oldest first.</summary>
    public async Task<IReadOnlyList<LiveQualityPoint>> ReadAsync(ModelSpec spec, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var metrics = MetricsFor(spec.Task, spec.Gate.EffectiveMetric(spec.Task));
        var seed = await FindSeedVersionAsync(spec.Name, cancellationToken);
        var points = new List<LiveQualityPoint>();
        foreach (var record in await ReadNewestRunsAsync(spec.Name, take, cancellationToken))
        {
            if (record.Evaluation is not { ChampionVersion: { } production } evaluation)
            {
                continue;
            }

            var report = await store.ReadJsonAsync<EvaluationReport>(evaluation.ReportPath, cancellationToken);
            var live = await ScoreAsync(spec, record.RunId, production, report, metrics, cancellationToken);
            var first = seed is null || seed == production ? live : await ScoreAsync(spec, record.RunId, seed, report, metrics, cancellationToken);
            points.Add(new LiveQualityPoint(record.RunId, record.StartedAt, report.HoldoutRows, live, first));
        }

        return points;
    }

    private async Task<VersionQuality> ScoreAsync(
        ModelSpec spec, string runId, string version, EvaluationReport report, IReadOnlyList<EvaluationMetric> metrics, CancellationToken cancellationToken)
    {
        var key = $"{spec.Name}/{runId}/{version}";
        if (_scored.TryGetValue(key, out var known))
        {
            return known;
        }

        try
        {
            var predictions = await scorer.PredictAsync(spec, ModelArtifacts.For(spec.Name).Versions.Version(version).Model, report.HoldoutPath, cancellationToken);
            var estimates = MetricBootstrap.Estimate(predictions, metrics, Confidence, Resamples, BootstrapSeed, report.Evidence?.BlockRows ?? 1);
            return _scored.GetOrAdd(key, new VersionQuality(version, [.. estimates.OfType<MetricEstimate>()]));
        }
        catch (Exception ex) when (ex is ArtifactNotFoundException or InvalidDataException)
        {
            LiveQualityLog.Unscorable(logger, ex, spec.Name, runId, version);

            // The figures the run recorded for production stand, without intervals.
            var recorded = version == report.ChampionVersion && report.ChampionMetrics is { } values
                ? metrics.Where(values.ContainsKey).Select(m => new MetricEstimate(m, values[m], null, null, Confidence, 0)).ToList()
                : [];
            return new VersionQuality(version, recorded, ex.Message);
        }
    }

    private async Task<string?> FindSeedVersionAsync(string model, CancellationToken cancellationToken)
    {
        ModelVersion? seed = null;
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Versions.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/version.json", StringComparison.Ordinal)
                && await store.ReadJsonAsync<ModelVersion>(item.Path, cancellationToken) is var version
                && (seed is null || version.CreatedAt < seed.CreatedAt))
            {
                seed = version;
            }
        }

        return seed?.Version;
    }

    private async Task<IReadOnlyList<RunRecord>> ReadNewestRunsAsync(string model, int take, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Runs.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/record.json", StringComparison.Ordinal))
            {
                paths.Add(item.Path);
            }
        }

        // Run ids sort by start time.
        var records = new List<RunRecord>();
        foreach (var path in paths.Order(StringComparer.Ordinal).TakeLast(take))
        {
            records.Add(await store.ReadJsonAsync<RunRecord>(path, cancellationToken));
        }

        return records;
    }
}
