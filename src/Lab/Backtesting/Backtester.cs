using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>
/// Replays a stream for one policy in its own store: for each batch, the production model predicts it; then the labels
/// whose latency has elapsed are uploaded to <c>incoming/</c>; then <see cref="RetrainDecider"/> (the DecideRetrain
/// activity's service) decides, and a Retrain verdict runs the real orchestrator on the in-process Durable engine with
/// <c>Force = true</c>. Predictions are made strictly before the pipeline can see the batch's labels.
/// <see cref="BacktestRunner"/> runs one per policy and adds the baselines and the report.
/// </summary>
/// <param name="stream">The stream to replay.</param>
/// <param name="options">What to replay and how.</param>
/// <param name="spec">The model spec every policy replays (its policy replaced by the policy's).</param>
/// <param name="labels">The stream's labels as numbers (<see cref="BacktestRunner.Labels"/>).</param>
/// <param name="engine">The in-process Durable engine each replay starts (default: in memory).</param>
public sealed class Backtester(BacktestStream stream, BacktestOptions options, ModelSpec spec, IReadOnlyList<double> labels, LocalDurableEngineOptions? engine = null)
{
    private static readonly DateTimeOffset SyntheticStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Runs <paramref name="policy"/> in a fresh store under <paramref name="storeRoot"/> (deleted first);
    /// <paramref name="onBatch"/> reports progress. Returns the policy's result and its predictions of the scored rows.
    /// </summary>
    public async Task<(PolicyResult Result, IReadOnlyList<double> Predicted)> RunAsync(
        BacktestPolicy policy,
        string storeRoot,
        Action<BatchPoint>? onBatch,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (Directory.Exists(storeRoot))
        {
            Directory.Delete(storeRoot, recursive: true);
        }

        var clock = Stopwatch.StartNew();
        await using var pipeline = await StartPipelineAsync(storeRoot, engine ?? new LocalDurableEngineOptions(), cancellationToken);
        var services = pipeline.Services;
        var store = services.GetRequiredService<IArtifactStore>();
        var scorer = services.GetRequiredService<RowScorer>();
        var decider = services.GetRequiredService<RetrainDecider>();
        var drift = policy.Spec.Drift is null ? null : new DriftMonitor(store, services.GetRequiredService<ILoggerFactory>().CreateLogger<Backtester>(), services.GetService<ModelScorer>(), services.GetService<DriftMeasureRegistry>());
        var model = options.Model;
        var policySpec = spec with { Policy = policy.Spec };
        await services.GetRequiredService<ModelSpecStore>().SaveAsync(policySpec, cancellationToken);

        var predicted = new List<double>();
        var points = new List<BatchPoint>();
        var revealedThrough = -1;
        var tally = new RetrainTally();
        for (var b = 0; b < stream.Batches.Count; b++)
        {
            var batchPath = ScratchArtifacts.File("backtest", $"batch-{b:000000}.csv");
            await store.WriteBytesAsync(batchPath, stream.ToCsv(b, b), ArtifactWriteCondition.None, cancellationToken);

            // 1. Predict with the model in production now, before anything about this batch's labels is known.
            double? metric = null;
            string? version = null;
            var rows = 0;
            if (b >= options.EvalFrom)
            {
                var (start, count) = stream.Batches[b];
                IReadOnlyList<double> batchPredictions;
                (batchPredictions, version) = await PredictBatchAsync(store, scorer, policySpec, b, batchPath, revealedThrough, cancellationToken);

                predicted.AddRange(batchPredictions);
                rows = count;
                metric = BatchMetric(spec.Task, labels.Skip(start).Take(count).ToList(), batchPredictions);
            }

            // 2. Reveal the labels whose latency has elapsed: they land in incoming/ like any upload.
            var revealed = b - options.LabelLatency + 1;
            string? verdict = null, outcome = null, reason = null;
            if (revealed >= 0)
            {
                await store.WriteBytesAsync(ModelArtifacts.For(model).Incoming.File($"batch-{revealed:000000}.csv"), stream.ToCsv(revealed, revealed), ArtifactWriteCondition.None, cancellationToken);
                revealedThrough = revealed;

                // 3. Decide (from the batch before the first scored one on), and run the real pipeline on Retrain.
                if (b >= options.EvalFrom - 1)
                {
                    // A data-drift policy reads the revealed batch's drift against production's training data, as the
                    // orchestrator's Validate stage would measure it before deciding.
                    var runId = string.Create(CultureInfo.InvariantCulture, $"b{b:000000}");
                    var revealedPath = ScratchArtifacts.File("backtest", $"batch-{revealed:000000}.csv");
                    var signal = drift is null ? null : DriftSignal.From(await drift.MeasureFileAsync(model, runId, policySpec, revealedPath, cancellationToken));
                    var decision = await decider.DecideAsync(new DecideRetrainRequest(model, runId, TimeOf(b), [revealedPath], signal), cancellationToken);
                    verdict = decision.Verdict.ToString();
                    reason = decision.Reason;
                    if (decision.ShouldRetrain)
                    {
                        var record = await pipeline.RunAsync(new RetrainRequest(model, RunTrigger.CommandLine, Force: true, RequestedBy: "backtest " + policy.Name), onProgress: null, cancellationToken);
                        outcome = tally.Add(record, b, revealedThrough);
                    }
                }
            }

            var point = new BatchPoint(b, rows, metric, version, version is null ? -1 : tally.LabelsThrough[version], verdict, outcome, reason);
            points.Add(point);
            onBatch?.Invoke(point);
        }

        var scoredStart = stream.Batches[Math.Min(options.EvalFrom, stream.Batches.Count - 1)].Start;
        var metrics = Metrics(spec.Task, labels, scoredStart, predicted);
        return (new PolicyResult(policy.Name, policy.Spec, metrics, tally.Retrains, tally.Deployments, tally.TrainingRows, Math.Round(clock.Elapsed.TotalSeconds, 1), points), predicted);
    }

    /// <summary>The in-process pipeline the backtest runs on: a local artifact store under <paramref name="storeRoot"/>, one training thread, warnings only.</summary>
    private static Task<LocalPipeline> StartPipelineAsync(string storeRoot, LocalDurableEngineOptions engineOptions, CancellationToken cancellationToken) =>
        LocalPipeline.StartAsync(
            services =>
            {
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
                services.AddRetrainCore();
                services.AddArtifactStore(o => o.LocalRoot = storeRoot);
                services.Configure<TrainingOptions>(o => o.NumberOfThreads ??= 1);
            },
            engineOptions,
            cancellationToken);

    /// <summary>
    /// Predicts batch <paramref name="b"/> with the model in production now, or, before there is one, with the fallback
    /// from the labels revealed so far; returns the predictions and the production version (null for the fallback).
    /// </summary>
    private async Task<(IReadOnlyList<double> Predictions, string? Version)> PredictBatchAsync(
        IArtifactStore store,
        RowScorer scorer,
        ModelSpec policySpec,
        int b,
        string batchPath,
        int revealedThrough,
        CancellationToken cancellationToken)
    {
        var model = options.Model;
        string? version = null;
        var pointer = await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken);
        var (_, count) = stream.Batches[b];
        IReadOnlyList<double> batchPredictions;
        if (pointer is { Value: var production })
        {
            version = production.Version;
            batchPredictions = (await scorer.ScoreRowsAsync(policySpec, ModelArtifacts.For(model).Versions.Version(version).Model, batchPath, cancellationToken)).Predicted;
            if (batchPredictions.Count != count)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Batch {b}: the model scored {batchPredictions.Count} rows of {count}."));
            }
        }
        else
        {
            // No model yet (the first run was rejected): the fallback is the majority class or the mean of revealed labels.
            var fallback = Fallback(spec.Task, [.. labels.Take(RevealedRows(revealedThrough))]);
            batchPredictions = Enumerable.Repeat(fallback, count).ToList();
        }

        return (batchPredictions, version);
    }

    /// <summary>The prequential metrics of predictions for the rows from <paramref name="scoredStart"/> on.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(ModelTask task, IReadOnlyList<double> labels, int scoredStart, IReadOnlyList<double> predicted)
    {
        var actual = labels.Skip(scoredStart).Take(predicted.Count).ToList();
        return task == ModelTask.Regression
            ? PrequentialMetrics.Regression(actual, predicted)
            : PrequentialMetrics.Classification(actual, predicted, [.. labels.Skip(scoredStart - 1).Take(predicted.Count)]);
    }

    /// <summary>The majority class (binary) or the mean (regression) of <paramref name="revealed"/>.</summary>
    public static double Fallback(ModelTask task, IReadOnlyList<double> revealed) =>
        revealed.Count == 0 ? 0 : task == ModelTask.Regression ? revealed.Average() : revealed.Average() >= 0.5 ? 1 : 0;

    private static double BatchMetric(ModelTask task, IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        task == ModelTask.Regression
            ? actual.Zip(predicted, (a, p) => Math.Abs(a - p)).Average()
            : actual.Zip(predicted, (a, p) => (a > 0.5) == (p > 0.5) ? 1.0 : 0.0).Average();

    private int RevealedRows(int revealedThrough) =>
        revealedThrough < 0 ? 0 : stream.Batches[revealedThrough].Start + stream.Batches[revealedThrough].Count;

    private DateTimeOffset TimeOf(int batch)
    {
        var (start, count) = stream.Batches[batch];
        return stream.Times is { } times ? times[start + count - 1] : SyntheticStart.AddDays(batch);
    }

    /// <summary>The retrains a policy ran, the deployments among them and, per deployed version, the last batch whose labels it saw.</summary>
    private sealed class RetrainTally
    {
        public Dictionary<string, int> LabelsThrough { get; } = new(StringComparer.Ordinal);

        public int Retrains { get; private set; }

        public int Deployments { get; private set; }

        public long TrainingRows { get; private set; }

        /// <summary>Counts the run that retrained at batch <paramref name="b"/>; returns its outcome; a failed run stops the backtest.</summary>
        public string Add(RunRecord record, int b, int revealedThrough)
        {
            Retrains++;
            TrainingRows += record.Snapshot?.TrainRows ?? 0;
            var outcome = record.Outcome?.ToString() ?? "unknown";
            if (record.Outcome == RunOutcome.Deployed)
            {
                Deployments++;
                LabelsThrough[record.Deployment!.Version] = revealedThrough;
            }
            else if (record.Outcome == RunOutcome.Failed)
            {
                throw new InvalidOperationException($"Batch {b}: the pipeline failed: {record.Reason}");
            }

            return outcome;
        }
    }
}
