// Replays a binary stream with naive_retrain.py's protocol (before each batch, fit on the rows so far, label latency 1,
// predict the batch) to compare ways of choosing among the pipeline's candidates without the rest of the pipeline:
// LightGbm and L-BFGS logistic regression (the trainers `retrain init` writes, with their settings) on the newest 1/8,
// 1/4, 1/2 and all of the snapshot (at most 50,000 rows), their per-window mean (the Ensemble trainer), the mean of all
// eight ("grand"), and the candidate chosen by log-loss on the selection rows (the newest tenth of the snapshot, capped)
// among several sets, refitted on the whole snapshot as the pipeline does. Every retrain is deployed (no gate).
//
// Usage: dotnet run -c Release --project bench/SelectionReplay -- CSV LABEL POSITIVE BATCH_ROWS EVAL_FROM [DROP,COLUMNS] [--selection-rows N] [--every K]
// Example: dotnet run -c Release --project bench/SelectionReplay -- ../shared/datasets/elec2/data.csv class UP 336 5 timestamp,date --selection-rows 1000
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

bool IsOption(int i) => args[i].StartsWith("--", StringComparison.Ordinal) || (i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal));
var options = args.Where((_, i) => IsOption(i)).ToList();
var positional = args.Where((_, i) => !IsOption(i)).ToArray();
var (path, labelName, positive) = (positional[0], positional[1], positional[2]);
var (batchRows, evalFrom) = (int.Parse(positional[3], CultureInfo.InvariantCulture), int.Parse(positional[4], CultureInfo.InvariantCulture));
var drop = positional.Length > 5 ? positional[5].Split(',') : [];
var selectionCap = Option("--selection-rows", 4_500);
var every = Option("--every", 1);

var lines = File.ReadAllLines(path);
var header = lines[0].Split(',');
var labelIndex = Array.IndexOf(header, labelName);
var featureIndexes = Enumerable.Range(0, header.Length).Where(i => i != labelIndex && !drop.Contains(header[i])).ToArray();
var rows = lines.Skip(1).Select(line => line.Split(',')).Select(p => new Row
{
    Features = [.. featureIndexes.Select(i => float.TryParse(p[i], CultureInfo.InvariantCulture, out var v) ? v : float.NaN)],
    Label = p[labelIndex] == positive,
}).ToArray();

var ml = new MLContext(0);
var schema = SchemaDefinition.Create(typeof(Row));
schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureIndexes.Length);
double[] shares = [1 / 8.0, 1 / 4.0, 1 / 2.0, 1];
var right = new Dictionary<string, int>(StringComparer.Ordinal);
var scored = 0;
for (var batch = evalFrom; batch < rows.Length / batchRows; batch += every)
{
    var end = batch * batchRows;
    var start = end - Math.Min(end, 50_000);
    var selection = Math.Min(selectionCap, (end - start) / 10);
    var onSelection = Candidates(Members(start, end - selection, View(end - selection, end)));
    var onBatch = Candidates(Members(start, end, View(end, end + batchRows)));
    var predictions = new Dictionary<string, float[]>(onBatch, StringComparer.Ordinal)
    {
        ["chosen among the 12 (all trainers x windows)"] = onBatch[Best(k => k != "grand")],
        ["chosen among the 13 (and grand)"] = onBatch[Best(_ => true)],
        ["chosen among the 4 ensembles (windows)"] = onBatch[Best(k => k.StartsWith("ens ", StringComparison.Ordinal))],
        ["chosen among the 4 ensembles and grand"] = onBatch[Best(k => k.StartsWith("ens ", StringComparison.Ordinal) || k == "grand")],
        ["grand unless the best of the 12 beats it (block t-test)"] = onBatch[GrandUnlessBeaten(Best(k => k != "grand"))],
    };
    foreach (var (name, p) in predictions)
    {
        right[name] = right.GetValueOrDefault(name) + Enumerable.Range(0, batchRows).Count(i => p[i] > 0.5f == rows[end + i].Label);
    }

    scored += batchRows;

    string Best(Func<string, bool> among) =>
        onSelection.Keys.Where(among).OrderBy(k => LogLoss(onSelection[k], end - selection)).First();

    // One-sided paired t-test at 95 % on the mean log-loss difference of √n contiguous blocks of the selection rows.
    string GrandUnlessBeaten(string best)
    {
        var blocks = Math.Max(2, (int)Math.Sqrt(selection));
        var size = selection / blocks;
        var differences = Enumerable.Range(0, blocks).Select(b => Enumerable.Range(b * size, size)
            .Average(i => RowLoss(onSelection["grand"][i], end - selection + i) - RowLoss(onSelection[best][i], end - selection + i))).ToArray();
        var mean = differences.Average();
        var deviation = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (blocks - 1));
        return mean / (deviation / Math.Sqrt(blocks)) > 1.645 ? best : "grand";
    }
}

foreach (var (name, count) in right)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} accuracy {(double)count / scored:F4}"));
}

int Option(string name, int fallback) =>
    options.IndexOf(name) is var i and >= 0 ? int.Parse(options[i + 1], CultureInfo.InvariantCulture) : fallback;

IDataView View(int from, int to) => ml.Data.LoadFromEnumerable(rows[from..to], schema);

// Each trainer on the newest share of rows[from..to), scored on `target`.
Dictionary<string, float[]> Members(int from, int to, IDataView target)
{
    var scores = new Dictionary<string, float[]>(StringComparer.Ordinal);
    foreach (var share in shares)
    {
        var train = View(to - (int)((to - from) * share), to);
        var key = share.ToString("F3", CultureInfo.InvariantCulture);
        scores[$"lgbm {key}"] = Probabilities(LightGbm().Fit(train), target);
        scores[$"lr {key}"] = Probabilities(LogisticRegression().Fit(train), target);
    }

    return scores;
}

// The members, the per-window means and the mean of all members.
Dictionary<string, float[]> Candidates(Dictionary<string, float[]> members)
{
    var all = new Dictionary<string, float[]>(members, StringComparer.Ordinal);
    var length = members.First().Value.Length;
    foreach (var key in shares.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))
    {
        all[$"ens {key}"] = [.. Enumerable.Range(0, length).Select(i => (members[$"lgbm {key}"][i] + members[$"lr {key}"][i]) / 2)];
    }

    all["grand"] = [.. Enumerable.Range(0, length).Select(i => members.Values.Average(v => v[i]))];
    return all;
}

static float[] Probabilities(ITransformer model, IDataView target) => [.. model.Transform(target).GetColumn<float>("Probability")];

double LogLoss(float[] p, int from) => Enumerable.Range(0, p.Length).Average(i => RowLoss(p[i], from + i));

double RowLoss(float p, int row) => -Math.Log(Math.Max(rows[row].Label ? p : 1 - p, 1e-7));

// The settings of src/Core/Training/Trainers/LightGbmPlugin.cs and of the featurizer + LbfgsLogisticRegressionPlugin.
IEstimator<ITransformer> LightGbm() => ml.Transforms.ReplaceMissingValues("Features").Append(ml.BinaryClassification.Trainers.LightGbm(
    new LightGbmBinaryTrainer.Options { NumberOfIterations = 100, NumberOfLeaves = 31, LearningRate = 0.1, MinimumExampleCountPerLeaf = 20, NumberOfThreads = 1, Seed = 0, Silent = true }));

IEstimator<ITransformer> LogisticRegression() => ml.Transforms.ReplaceMissingValues("Features")
    .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)).AppendCacheCheckpoint(ml)
    .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L1Regularization = 1, L2Regularization = 1, NumberOfThreads = 1 }));

internal sealed class Row
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}
