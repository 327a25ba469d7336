using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace RetrainFunctions.Benchmarks;

/// <summary>
/// What a user would write with ML.NET alone, on the same file and the same split as the pipeline: read the CSV,
/// replace missing values, normalize, one-hot encode, fit LightGbm (100 iterations, 31 leaves) on the oldest 70 %
/// and score the newest 20 %.
/// </summary>
public static class BareMlNetBaseline
{
    public static (double Seconds, double Auc) Run(string csv, int rows, int threads)
    {
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        var numeric = Enumerable.Range(0, BenchDataset.NumericCount).Select(i => $"x{i:00}").ToArray();
        var columns = numeric.Select((name, i) => new TextLoader.Column(name, DataKind.Single, i))
            .Concat([new("c0", DataKind.String, 20), new("c1", DataKind.String, 21), new("c2", DataKind.String, 22), new("RawLabel", DataKind.String, 23)])
            .ToArray();
        var data = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = columns, HasHeader = true, Separators = [','], MissingRealsAsNaNs = true }).Load(csv);
        data = ml.Transforms.CustomMapping<RawLabelRow, LabelRow>((input, output) => output.Label = input.RawLabel == "1", contractName: null).Fit(data).Transform(data);

        var trainRows = (int)(rows * 0.7);
        var holdoutRows = HoldoutRows(rows);
        var train = ml.Data.TakeRows(data, trainRows);
        var holdout = ml.Data.SkipRows(data, rows - holdoutRows);

        var pipeline = ml.Transforms.ReplaceMissingValues(numeric.Select(n => new InputOutputColumnPair(n)).ToArray())
            .Append(ml.Transforms.NormalizeMeanVariance(numeric.Select(n => new InputOutputColumnPair(n)).ToArray(), fixZero: false))
            .Append(ml.Transforms.Categorical.OneHotEncoding([new("c0"), new("c1"), new("c2")]))
            .Append(ml.Transforms.Concatenate("Features", [.. numeric, "c0", "c1", "c2"]))
            .Append(ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = 100,
                NumberOfLeaves = 31,
                LearningRate = 0.1,
                MinimumExampleCountPerLeaf = 20,
                NumberOfThreads = threads,
                Seed = 1,
                Silent = true,
            }));
        var model = pipeline.Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(holdout));
        return (clock.Elapsed.TotalSeconds, metrics.AreaUnderRocCurve);
    }

    /// <summary>The newest rows the baseline scores: 20 % of <paramref name="rows"/>.</summary>
    public static int HoldoutRows(int rows) => (int)(rows * 0.2);

    private sealed class RawLabelRow
    {
        public string RawLabel { get; set; } = string.Empty;
    }

    private sealed class LabelRow
    {
        public bool Label { get; set; }
    }
}
