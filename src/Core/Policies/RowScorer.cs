using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Policies;

/// <summary>
/// Scores a labeled CSV row by row with a model zip from the store, for the performance trigger (the production model's
/// errors on new labels) and for prequential backtests. The last model loaded is kept: versions are immutable.
/// </summary>
public sealed class RowScorer(IArtifactStore store)
{
    private readonly Lock _gate = new();
    private (string Path, ITransformer Model, MLContext Ml)? _cached;

    /// <summary>Scores every row of <paramref name="dataPath"/> with the model at <paramref name="modelPath"/>.</summary>
    /// <exception cref="InvalidDataException">The model cannot score data of this spec.</exception>
    public async Task<RowScores> ScoreRowsAsync(ModelSpec spec, string modelPath, string dataPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);

        var (ml, model) = await LoadAsync(modelPath, cancellationToken);
        using var data = await LocalArtifactCopy.DownloadAsync(store, dataPath, cancellationToken);
        var view = SpecDataLoader.Load(ml, spec, data.LocalPath);
        if (MetricCalculator.ExplainUnscorable(model, view.Schema, spec.Task, out var error) is { } problem)
        {
            throw new InvalidDataException($"Model '{modelPath}' cannot score '{dataPath}' for {spec.Task}: {problem}", error);
        }

        var scored = model.Transform(view);
        return spec.Task switch
        {
            ModelTask.BinaryClassification => new RowScores(
                ["not " + spec.Label.PositiveClass, spec.Label.PositiveClass!],
                [.. scored.GetColumn<bool>(MlColumns.Label).Select(b => b ? 1.0 : 0.0)],
                [.. scored.GetColumn<bool>(MlColumns.PredictedLabel).Select(b => b ? 1.0 : 0.0)]),
            ModelTask.MulticlassClassification => Multiclass(scored),
            ModelTask.Regression => new RowScores(
                [],
                [.. scored.GetColumn<float>(MlColumns.Label).Select(v => (double)v)],
                [.. scored.GetColumn<float>(MlColumns.Score).Select(v => (double)v)]),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Task, "Unknown model task."),
        };
    }

    private static RowScores Multiclass(IDataView scored)
    {
        var actual = scored.GetColumn<ReadOnlyMemory<char>>(MlColumns.Label).Select(v => v.ToString()).ToList();
        var predicted = scored.GetColumn<ReadOnlyMemory<char>>(MlColumns.PredictedLabel).Select(v => v.ToString()).ToList();
        var classes = actual.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (double)x.i, StringComparer.Ordinal);
        return new RowScores(classes, [.. actual.Select(a => index[a])], [.. predicted.Select(p => index[p])]);
    }

    private async Task<(MLContext Ml, ITransformer Model)> LoadAsync(string modelPath, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cached is { } cached && cached.Path == modelPath)
            {
                return (cached.Ml, cached.Model);
            }
        }

        var ml = MlContexts.Create();
        var model = await ModelZip.LoadAsync(store, modelPath, cancellationToken);
        lock (_gate)
        {
            _cached = (modelPath, model, ml);
        }

        return (ml, model);
    }
}
