using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Loads a model zip from the store and scores it on a labeled CSV in the snapshot split format
/// (the spec's feature columns, the label, optionally the timestamp; header row; RFC 4180 quoting).
/// </summary>
/// <remarks>Metrics are those of <see cref="EvaluationMetrics.ForTask"/>; undefined ones are omitted (see <see cref="MetricCalculator"/>).</remarks>
public sealed class ModelScorer(IArtifactStore store, ILogger<ModelScorer> logger)
{
    /// <summary>Scores the model at <paramref name="modelPath"/> on the data at <paramref name="dataPath"/>.</summary>
    /// <exception cref="InvalidDataException">The model cannot score data of this spec (a column is missing or retyped, or it is a model of another task).</exception>
    public async Task<IReadOnlyDictionary<EvaluationMetric, double>> ScoreAsync(
        ModelSpec spec,
        string modelPath,
        string dataPath,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);

        var ml = MlContexts.Create();
        using var data = await LocalArtifactCopy.DownloadAsync(store, dataPath, cancellationToken);
        var model = await ModelZip.LoadAsync(store, ml, modelPath, cancellationToken);
        var view = LoadScorable(ml, spec, model, modelPath, dataPath, data.LocalPath);

        var metrics = MetricCalculator.Compute(ml, spec.Task, model.Transform(view));
        EvaluationLog.ModelScored(logger, spec.Name, modelPath, dataPath, SpecDataLoader.CountRows(view), MetricText.Format(metrics));
        return metrics;
    }

    /// <summary>
    /// Scores the model at <paramref name="modelPath"/> on the data at <paramref name="dataPath"/> and returns its per-row
    /// predictions in file order (one pass). Two models predicted on the same data pair row by row.
    /// </summary>
    /// <exception cref="InvalidDataException">The model cannot score data of this spec.</exception>
    public async Task<HoldoutPredictions> PredictAsync(
        ModelSpec spec,
        string modelPath,
        string dataPath,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);

        var ml = MlContexts.Create();
        using var data = await LocalArtifactCopy.DownloadAsync(store, dataPath, cancellationToken);
        var model = await ModelZip.LoadAsync(store, ml, modelPath, cancellationToken);
        var view = LoadScorable(ml, spec, model, modelPath, dataPath, data.LocalPath);

        return PredictionReader.Read(model.Transform(view), spec.Task);
    }

    /// <summary>
    /// Returns the score the model at <paramref name="modelPath"/> gives every row of the CSVs at <paramref name="dataPaths"/>
    /// (raw batches or snapshot splits; columns found by name): for binary classification the probability of the
    /// positive class (the raw score when the model is not calibrated), for multiclass the top class's score, for
    /// regression the prediction. Used to measure prediction drift.
    /// </summary>
    /// <exception cref="InvalidDataException">The model cannot score data of this spec.</exception>
    public async Task<IReadOnlyList<double>> ScoreDistributionAsync(
        ModelSpec spec,
        string modelPath,
        IReadOnlyList<string> dataPaths,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(dataPaths);

        var ml = MlContexts.Create();
        var model = await ModelZip.LoadAsync(store, ml, modelPath, cancellationToken);
        var scores = new List<double>();
        foreach (var dataPath in dataPaths)
        {
            using var data = await LocalArtifactCopy.DownloadAsync(store, dataPath, cancellationToken);
            var view = LoadScorable(ml, spec, model, modelPath, dataPath, data.LocalPath);

            ReadScores(model.Transform(view), spec.Task, scores, cancellationToken);
        }

        return scores;
    }

    private static void ReadScores(IDataView scored, ModelTask task, List<double> scores, CancellationToken cancellationToken)
    {
        var column = task == ModelTask.BinaryClassification && scored.Schema.GetColumnOrNull(MlColumns.Probability) is { } probability
            ? probability
            : scored.Schema[MlColumns.Score];
        using var cursor = scored.GetRowCursor([column]);
        if (task == ModelTask.MulticlassClassification)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> vector = default;
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                getter(ref vector);
                var values = vector.DenseValues();
                scores.Add(values.Any() ? values.Max() : double.NaN);
            }
        }
        else
        {
            var getter = cursor.GetGetter<float>(column);
            float value = default;
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                getter(ref value);
                scores.Add(value);
            }
        }
    }

    private static IDataView LoadScorable(MLContext ml, ModelSpec spec, ITransformer model, string modelPath, string dataPath, string localPath)
    {
        var view = SpecDataLoader.Load(ml, spec, localPath);
        if (MetricCalculator.ExplainUnscorable(model, view.Schema, spec.Task, out var error) is { } problem)
        {
            throw new InvalidDataException($"Model '{modelPath}' cannot score '{dataPath}' for {spec.Task}: {problem}", error);
        }

        return view;
    }
}
