using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// Trains one candidate on the train split and scores it on the validation split. The candidate is the whole chain —
/// the run's featurizer, the predictor (and its calibrator or key-to-class-name mapping) — saved as one model zip at
/// <see cref="RunFolder.Candidate"/> (overwritten on activity retry). Hyper-parameters: see each <see cref="ITrainerPlugin"/> of <see cref="TrainerRegistry"/>.
/// </summary>
/// <remarks>
/// Validation metrics are those of <see cref="EvaluationMetrics.ForTask"/>; a metric undefined on the validation split
/// (e.g. AUC when it holds one class) is omitted, never NaN. The model is scored after a save/load round trip, so what
/// is validated is exactly what is stored.
/// </remarks>
public sealed class ModelTrainer(IArtifactStore store, TrainerRegistry trainers, TimeProvider timeProvider, IOptions<TrainingOptions> options, ILogger<ModelTrainer> logger)
{
    /// <summary>The suffix of the model name of a challenger fitted on the training and selection rows (<see cref="TrainRequest.IncludeSelection"/>).</summary>
    public const string SelectionSuffix = "-withselection";

    /// <summary>Trains one candidate on the train split and scores it on the validation split.</summary>
    public async Task<CandidateResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Spec);
        ArgumentNullException.ThrowIfNull(request.Snapshot);
        ArgumentException.ThrowIfNullOrEmpty(request.FeaturizerPath);

        var (model, runId, spec, trainer) = (request.Model, request.RunId, request.Spec, request.Trainer);
        var task = spec.Task;
        TrainingLog.Training(logger, model, runId, trainer, task);

        var ml = MlContexts.Create();
        var members = await MemberHeadsAsync(request.MemberModels, cancellationToken);
        var recipe = trainers.CreateRecipe(ml, task, trainer, options.Value.NumberOfThreads, WeightColumnOf(spec, request.HalfLifeFraction), spec.EffectiveTrainers, members);
        using var train = await LocalArtifactCopy.DownloadAsync(store, ModelArtifacts.For(model).Snapshots.Split(request.Snapshot.Digest, DataSplit.Train), cancellationToken);
        using var validation = await LocalArtifactCopy.DownloadAsync(store, ModelArtifacts.For(model).Snapshots.Split(request.Snapshot.Digest, DataSplit.Validation), cancellationToken);
        var featurizer = await ModelZip.LoadAsync(store, request.FeaturizerPath, cancellationToken);

        var validationView = SpecDataLoader.Load(ml, spec, validation.LocalPath);
        var trainView = request.IncludeSelection
            ? new ConcatenatedDataView([SpecDataLoader.Load(ml, spec, train.LocalPath), validationView])
            : SpecDataLoader.Load(ml, spec, train.LocalPath);
        var (windowView, trainRows) = TrainingWindow.Apply(ml, trainView, request.WindowRows, spec.Window.RecencyHalfLifeRows, request.WindowFraction, request.HalfLifeFraction);
        cancellationToken.ThrowIfCancellationRequested();
        var stopwatch = Stopwatch.StartNew();
        var head = FitHead(ml, task, recipe, featurizer, windowView);
        stopwatch.Stop();
        cancellationToken.ThrowIfCancellationRequested();

        var slope = task != ModelTask.BinaryClassification ? null
            : request.IncludeSelection ? request.CalibrationSlope
            : TemperatureScaling.Fit(new TransformerChain<ITransformer>(featurizer, head), validationView);
        var bytes = ModelZip.Serialize(ml, Chain(ml, featurizer, head, slope, trainView), trainView.Schema);
        var name = TrainingWindow.CandidateName(trainer, request.WindowRows, request.WindowFraction, request.HalfLifeFraction);
        var path = ModelArtifacts.For(model).Runs.Run(runId).Candidate(request.IncludeSelection ? name + SelectionSuffix : name);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["runId"] = runId,
            ["trainer"] = trainer.ToString(),
            ["trainedAt"] = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        await ModelZip.WriteAsync(store, path, bytes, metadata, cancellationToken);
        TrainingLog.Trained(logger, model, runId, trainer, trainRows, stopwatch.Elapsed.TotalSeconds, path);

        var parameters = request.WindowRows is not null || request.WindowFraction is not null
            ? new Dictionary<string, string>(recipe.Parameters, StringComparer.Ordinal) { ["WindowRows"] = trainRows.ToString(CultureInfo.InvariantCulture) }
            : recipe.Parameters;
        if (request.HalfLifeFraction is { } part)
        {
            parameters = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { ["RecencyHalfLifeRows"] = Math.Max(1, part * trainRows).ToString("G6", CultureInfo.InvariantCulture) };
        }

        if (request.MemberModels is { Count: > 0 } reused)
        {
            parameters = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { ["MembersReused"] = string.Join(", ", reused.Select(m => m.ModelPath)) };
        }

        if (slope is { } fitted)
        {
            parameters = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { ["CalibrationSlope"] = fitted.ToString("G6", CultureInfo.InvariantCulture) };
        }

        if (request.IncludeSelection)
        {
            // The selection rows are in this fit: scoring it there would be in-sample, so it reports no selection metrics.
            return new CandidateResult(trainer, path, new Dictionary<EvaluationMetric, double>(), trainRows, stopwatch.Elapsed.TotalSeconds, parameters, request.WindowRows, request.WindowFraction, slope, request.HalfLifeFraction);
        }

        var saved = ModelZip.Deserialize(bytes);
        var metrics = MetricCalculator.Compute(ml, task, saved.Transform(validationView));
        var missing = EvaluationMetrics.ForTask(task).Where(m => !metrics.ContainsKey(m)).ToList();
        if (missing.Count > 0)
        {
            TrainingLog.MetricsUndefined(logger, model, runId, trainer, string.Join(", ", missing));
        }

        TrainingLog.Validated(logger, model, runId, trainer, MetricText.Format(metrics));
        return new CandidateResult(trainer, path, metrics, trainRows, stopwatch.Elapsed.TotalSeconds, parameters, request.WindowRows, request.WindowFraction, slope, request.HalfLifeFraction);
    }

    /// <summary>
    /// Refits <c>request.Trainer</c> on train + validation + holdout (the run's featurizer, fitted on train, is reused so
    /// the refit differs from the challenger only by the rows it saw), writes it to <see cref="RunFolder.Refit"/>
    /// and smoke-checks it: it must score the holdout without error and its gate metric there must not be worse than the
    /// challenger's by more than <see cref="GateSpec.RefitTolerance"/>. A model that fails the check is reported, not thrown:
    /// the orchestrator then deploys the challenger itself.
    /// </summary>
    public async Task<RefitResult> RefitAsync(RefitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Spec);
        ArgumentNullException.ThrowIfNull(request.Snapshot);

        var (model, runId, spec, trainer) = (request.Model, request.RunId, request.Spec, request.Trainer);
        var task = spec.Task;
        var ml = MlContexts.Create();
        var recipe = trainers.CreateRecipe(ml, task, trainer, options.Value.NumberOfThreads, WeightColumnOf(spec, request.HalfLifeFraction), spec.EffectiveTrainers);
        var splits = new List<LocalArtifactCopy>();
        try
        {
            foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Holdout })
            {
                splits.Add(await LocalArtifactCopy.DownloadAsync(store, ModelArtifacts.For(model).Snapshots.Split(request.Snapshot.Digest, split), cancellationToken));
            }

            var featurizer = await ModelZip.LoadAsync(store, request.FeaturizerPath, cancellationToken);
            var allView = new ConcatenatedDataView([.. splits.Select(s => SpecDataLoader.Load(ml, spec, s.LocalPath))]);
            var (windowView, rows) = TrainingWindow.Apply(ml, allView, request.WindowRows, spec.Window.RecencyHalfLifeRows, request.WindowFraction, request.HalfLifeFraction);
            cancellationToken.ThrowIfCancellationRequested();
            var head = FitHead(ml, task, recipe, featurizer, windowView);
            var slope = task == ModelTask.BinaryClassification ? request.CalibrationSlope : null;
            var bytes = ModelZip.Serialize(ml, Chain(ml, featurizer, head, slope, allView), allView.Schema);
            var path = ModelArtifacts.For(model).Runs.Run(runId).Refit(TrainingWindow.CandidateName(trainer, request.WindowRows, request.WindowFraction, request.HalfLifeFraction));
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["runId"] = runId,
                ["trainer"] = trainer.ToString(),
                ["refit"] = request.WindowRows is not null || request.WindowFraction is not null ? FormattableString.Invariant($"newest {rows} rows of train+validation+holdout") : "train+validation+holdout",
                ["trainedAt"] = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            };
            await ModelZip.WriteAsync(store, path, bytes, metadata, cancellationToken);

            var holdoutView = SpecDataLoader.Load(ml, spec, splits[^1].LocalPath);
            var refit = ModelZip.Deserialize(bytes);
            var challenger = await ModelZip.LoadAsync(store, request.ChallengerPath, cancellationToken);
            var refitMetrics = MetricCalculator.Compute(ml, task, refit.Transform(holdoutView));
            var challengerMetrics = MetricCalculator.Compute(ml, task, challenger.Transform(holdoutView));
            var name = MetricText.Name(request.Metric);
            string reason;
            bool accepted;
            if (!refitMetrics.TryGetValue(request.Metric, out var refitValue) || !challengerMetrics.TryGetValue(request.Metric, out var challengerValue))
            {
                (accepted, reason) = (false, $"refit {trainer} on {MetricText.Rows(rows)} rows has no defined holdout {name}; the challenger is deployed instead");
            }
            else
            {
                var change = request.Metric.Improvement(refitValue, challengerValue);
                accepted = change >= -spec.Gate.RefitTolerance;
                reason = $"refit {trainer} on {MetricText.Rows(rows)} rows ({(request.WindowRows is null && request.WindowFraction is null ? "training + selection + comparison rows" : "the newest of training + selection + comparison rows")}): holdout {name} {MetricText.Value(refitValue)} vs challenger {MetricText.Value(challengerValue)} ({MetricText.Signed(change)}, tolerance {MetricText.Plain(spec.Gate.RefitTolerance)})"
                    + (accepted ? "; deployed in its place" : "; worse than tolerated, the challenger is deployed instead");
            }

            EvaluationLog.Refitted(logger, model, runId, trainer, accepted, reason);
            return new RefitResult(accepted, path, rows, refitMetrics, reason);
        }
        finally
        {
            splits.ForEach(s => s.Dispose());
        }
    }

    /// <summary>
    /// The predictors of the member candidates a combining trainer reuses (<see cref="TrainRequest.MemberModels"/>): each
    /// candidate zip is the chain featurizer → predictor [→ temperature scaling] (<see cref="Chain"/>), and the member is its
    /// predictor, uncalibrated, exactly as a fit of the member's recipe on the same rows would give it.
    /// </summary>
    private async Task<Dictionary<TrainerKind, ITransformer>?> MemberHeadsAsync(IReadOnlyList<MemberModel>? models, CancellationToken cancellationToken)
    {
        if (models is null)
        {
            return null;
        }

        var heads = new Dictionary<TrainerKind, ITransformer>();
        foreach (var member in models)
        {
            var chain = await ModelZip.LoadAsync(store, member.ModelPath, cancellationToken);
            var parts = chain is IEnumerable<ITransformer> steps ? steps.ToList() : [];
            if (parts.Count is not (2 or 3))
            {
                throw new InvalidOperationException($"Member candidate {member.ModelPath} is not a featurizer → predictor chain ({parts.Count} parts); it cannot be reused.");
            }

            heads[member.Trainer] = parts[1];
        }

        return heads;
    }

    /// <summary>The stored model: featurizer, predictor and, when <paramref name="slope"/> is set, its temperature scaling.</summary>
    private static TransformerChain<ITransformer> Chain(MLContext ml, ITransformer featurizer, ITransformer head, double? slope, IDataView rows)
    {
        var chain = new TransformerChain<ITransformer>(featurizer, head);
        return slope is { } a ? new TransformerChain<ITransformer>(featurizer, head, TemperatureScaling.Transformer(ml, a, chain.Transform(rows))) : chain;
    }

    private static string? WeightColumnOf(ModelSpec spec, double? halfLifeFraction) =>
        spec.Window.RecencyHalfLifeRows is null && halfLifeFraction is null ? null : TrainingWindow.WeightColumn;

    /// <summary>Fits the trainer of <paramref name="recipe"/> on <paramref name="data"/> seen through the run's featurizer.</summary>
    internal static ITransformer FitHead(MLContext ml, ModelTask task, TrainerRecipe recipe, ITransformer featurizer, IDataView data)
    {
        // Multiclass labels become keys in the order of their values, so class indexes do not depend on row order.
        var labeled = task == ModelTask.MulticlassClassification
            ? ml.Transforms.Conversion.MapValueToKey(MlColumns.Label, MlColumns.Label, keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                .Fit(data).Transform(data)
            : data;
        var featurized = featurizer.Transform(labeled);
        if (recipe.CacheFeatures)
        {
            var weighted = featurized.Schema.GetColumnOrNull(TrainingWindow.WeightColumn) is not null;
            featurized = ml.Data.Cache(featurized, weighted ? [MlColumns.Features, MlColumns.Label, TrainingWindow.WeightColumn] : [MlColumns.Features, MlColumns.Label]);
        }

        return recipe.Estimator.Fit(featurized);
    }
}
