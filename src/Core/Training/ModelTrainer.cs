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
/// <see cref="ArtifactPaths.Candidate"/> (overwritten on activity retry). Hyper-parameters: see <see cref="TrainerCatalog"/>.
/// </summary>
/// <remarks>
/// Validation metrics are those of <see cref="EvaluationMetrics.ForTask"/>; a metric undefined on the validation split
/// (e.g. AUC when it holds one class) is omitted, never NaN. The model is scored after a save/load round trip, so what
/// is validated is exactly what is stored.
/// </remarks>
public sealed class ModelTrainer(IArtifactStore store, TimeProvider timeProvider, IOptions<TrainingOptions> options, ILogger<ModelTrainer> logger)
{
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
        var recipe = TrainerCatalog.Create(ml, task, trainer, options.Value.NumberOfThreads);
        using var train = await LocalArtifactCopy.DownloadAsync(store, ArtifactPaths.SnapshotSplit(model, request.Snapshot.Digest, DataSplit.Train), cancellationToken);
        using var validation = await LocalArtifactCopy.DownloadAsync(store, ArtifactPaths.SnapshotSplit(model, request.Snapshot.Digest, DataSplit.Validation), cancellationToken);
        var featurizer = await ModelZip.LoadAsync(store, ml, request.FeaturizerPath, cancellationToken);

        var trainView = SpecDataLoader.Load(ml, spec, train.LocalPath);
        var trainRows = SpecDataLoader.CountRows(trainView);
        var labeled = task == ModelTask.MulticlassClassification
            ? ml.Transforms.Conversion.MapValueToKey(MlColumns.Label, MlColumns.Label, keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                .Fit(trainView).Transform(trainView)
            : trainView;
        var featurized = featurizer.Transform(labeled);
        if (recipe.CacheFeatures)
        {
            featurized = ml.Data.Cache(featurized, MlColumns.Features, MlColumns.Label);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stopwatch = Stopwatch.StartNew();
        var head = recipe.Estimator.Fit(featurized);
        stopwatch.Stop();
        cancellationToken.ThrowIfCancellationRequested();

        var bytes = ModelZip.Serialize(ml, new TransformerChain<ITransformer>(featurizer, head), trainView.Schema);
        var path = ArtifactPaths.Candidate(model, runId, trainer.ToString());
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["runId"] = runId,
            ["trainer"] = trainer.ToString(),
            ["trainedAt"] = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        await ModelZip.WriteAsync(store, path, bytes, metadata, cancellationToken);
        TrainingLog.Trained(logger, model, runId, trainer, trainRows, stopwatch.Elapsed.TotalSeconds, path);

        var saved = ModelZip.Deserialize(ml, bytes);
        var validationView = SpecDataLoader.Load(ml, spec, validation.LocalPath);
        var metrics = MetricCalculator.Compute(ml, task, saved.Transform(validationView));
        var missing = EvaluationMetrics.ForTask(task).Where(m => !metrics.ContainsKey(m)).ToList();
        if (missing.Count > 0)
        {
            TrainingLog.MetricsUndefined(logger, model, runId, trainer, string.Join(", ", missing));
        }

        TrainingLog.Validated(logger, model, runId, trainer, MetricText.Format(metrics));
        return new CandidateResult(trainer, path, metrics, trainRows, stopwatch.Elapsed.TotalSeconds, recipe.Parameters);
    }
}
