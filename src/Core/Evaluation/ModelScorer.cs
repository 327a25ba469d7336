using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Loads a model zip from the store and scores it on a binary snapshot split or a labeled CSV
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
        using var scorable = await OpenAsync(spec, modelPath, dataPath, cancellationToken);
        var (ml, model, view) = (scorable.Ml, scorable.Model, scorable.View);
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
        using var scorable = await OpenAsync(spec, modelPath, dataPath, cancellationToken);
        return PredictionReader.Read(scorable.Model.Transform(scorable.View), spec.Task);
    }

    /// <summary>
    /// Returns the score the model at <paramref name="modelPath"/> gives every row of the CSVs at <paramref name="dataPaths"/>
    /// (raw batches or snapshot splits; columns found by name): for binary classification the probability of the
    /// positive class (the raw score when the model is not calibrated), for multiclass the top class's score, for
    /// regression the prediction. Used to measure prediction drift. A file of more than <paramref name="maxRowsPerFile"/>
    /// rows is scored on an evenly spread sample of them (every n-th row): scoring, not reading, is what costs.
    /// </summary>
    /// <exception cref="InvalidDataException">The model cannot score data of this spec.</exception>
    public async Task<IReadOnlyList<double>> ScoreDistributionAsync(
        ModelSpec spec,
        string modelPath,
        IReadOnlyList<string> dataPaths,
        int maxRowsPerFile = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(dataPaths);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerFile, 1);

        var ml = MlContexts.Create();
        var model = await ModelZip.LoadAsync(store, modelPath, cancellationToken);
        var scores = new List<double>();
        foreach (var dataPath in dataPaths)
        {
            using var data = await LocalArtifactCopy.DownloadAsync(store, dataPath, cancellationToken);
            var view = LoadScorable(ml, spec, model, modelPath, dataPath, data.LocalPath);
            var rows = SpecDataLoader.CountRows(view);
            if (rows > maxRowsPerFile)
            {
                view = new EveryNthRowDataView(view, EveryNthRowDataView.Stride(rows, maxRowsPerFile));
            }

            ReadScores(model.Transform(view), spec.Task, scores, cancellationToken);
        }

        return scores;
    }

    /// <summary>
    /// Permutation importance of each feature for the model at <paramref name="modelPath"/>, measured on its predictions
    /// (no labels needed): on up to <paramref name="maxRows"/> rows of <paramref name="dataPath"/>, the mean absolute change
    /// of the model's score (see <see cref="ScoreDistributionAsync"/>) when that feature's column is shuffled across rows
    /// (seeded). A feature the model ignores scores 0.
    /// </summary>
    /// <exception cref="InvalidDataException">The model cannot score data of this spec.</exception>
    public async Task<IReadOnlyDictionary<string, double>> FeatureImportanceAsync(
        ModelSpec spec,
        string modelPath,
        string dataPath,
        int maxRows = 2_000,
        int seed = 17,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 10);

        string[] header;
        var rows = new List<string[]>(maxRows);
        using (var records = await SplitRecords.OpenAsync(store, spec, dataPath, cancellationToken))
        {
            header = records.Header;
            rows.AddRange(records.Records.Where(r => r.Length == header.Length).Take(maxRows));
        }

        // The rows as they are, then once per feature with that feature's column shuffled, all in one file scored in
        // one pass: a loader and a scoring pass per feature cost more than the rows they scored (0.6 s of the bench's
        // validation for 24 passes of 2,000 rows).
        var blocks = PermutedBlocks(spec, header, rows, seed);
        var ml = MlContexts.Create();
        var model = await ModelZip.LoadAsync(store, modelPath, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("retrain-importance-");
        try
        {
            var scores = ScoreRows(ml, spec, model, modelPath, dataPath, folder.FullName, header, blocks.SelectMany(b => b.Rows), cancellationToken);
            var importance = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var b = 1; b < blocks.Count; b++)
            {
                var change = 0.0;
                var counted = 0;
                for (var i = 0; i < rows.Count; i++)
                {
                    var (before, after) = (scores[i], scores[(b * rows.Count) + i]);
                    if (double.IsFinite(before) && double.IsFinite(after))
                    {
                        change += Math.Abs(after - before);
                        counted++;
                    }
                }

                importance[blocks[b].Feature] = counted == 0 ? 0 : change / counted;
            }

            return importance;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The rows, then per feature of the spec in <paramref name="header"/> a copy with that column shuffled (seeded, in feature order).</summary>
    private static List<(string Feature, List<string[]> Rows)> PermutedBlocks(ModelSpec spec, string[] header, List<string[]> rows, int seed)
    {
        var random = new Random(seed);
        var blocks = new List<(string Feature, List<string[]> Rows)> { (string.Empty, rows) };
        foreach (var feature in spec.Features)
        {
            var column = Array.IndexOf(header, feature.Name);
            if (column < 0)
            {
                continue;
            }

            var shuffled = rows.Select(r => (string[])r.Clone()).ToList();
            for (var i = shuffled.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (shuffled[i][column], shuffled[j][column]) = (shuffled[j][column], shuffled[i][column]);
            }

            blocks.Add((feature.Name, shuffled));
        }

        return blocks;
    }

    private static List<double> ScoreRows(MLContext ml, ModelSpec spec, ITransformer model, string modelPath, string dataPath, string folder, string[] header, IEnumerable<string[]> rows, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, "rows.csv");
        using (var stream = File.Create(file))
        using (var writer = new CsvWriter(stream))
        {
            writer.WriteRecord(header);
            foreach (var row in rows)
            {
                writer.WriteRecord(row);
            }
        }

        var view = LoadScorable(ml, spec, model, modelPath, dataPath, file);
        var scores = new List<double>();
        ReadScores(model.Transform(view), spec.Task, scores, cancellationToken);
        return scores;
    }

    /// <summary>
    /// Appends the score <see cref="ScoreDistributionAsync"/> defines (binary: P(positive), or the raw score when not
    /// calibrated; multiclass: the top class's score; regression: the prediction) of every row of <paramref name="scored"/>.
    /// </summary>
    internal static void ReadScores(IDataView scored, ModelTask task, List<double> scores, CancellationToken cancellationToken)
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

    /// <summary>Downloads <paramref name="dataPath"/>, loads the model and checks that it can score the data.</summary>
    private async Task<Scorable> OpenAsync(ModelSpec spec, string modelPath, string dataPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);

        var ml = MlContexts.Create();
        var data = await LocalArtifactCopy.DownloadAsync(store, dataPath, cancellationToken);
        try
        {
            var model = await ModelZip.LoadAsync(store, modelPath, cancellationToken);
            return new Scorable(ml, model, LoadScorable(ml, spec, model, modelPath, dataPath, data.LocalPath), data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>A model and the data it scores; disposing deletes the local copy of the data.</summary>
    private sealed record Scorable(MLContext Ml, ITransformer Model, IDataView View, LocalArtifactCopy Data) : IDisposable
    {
        public void Dispose() => Data.Dispose();
    }
}
