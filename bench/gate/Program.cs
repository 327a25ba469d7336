using System.Diagnostics;
using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

// Times the promotion gate's evidence on synthetic paired binary predictions: the paired bootstrap of every binary metric
// (PairedStatistics.Bootstrap, one call per metric as the gate made them before it bootstrapped all metrics at once),
// the whole evidence as the gate gathers it (ModelEvaluator.GatherEvidence: McNemar, all intervals, slices) and the
// slices alone (SliceChecker.Compare over a holdout CSV of 20 numeric and 3 categorical features). Prints the intervals
// with every digit so that two builds can be compared for identical results.
//
//   dotnet run -c Release --project bench/gate -- [rows] [iterations] [repeats]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var gate = new GateSpec { BootstrapIterations = iterations };
var folder = Directory.CreateTempSubdirectory("gate-bench-").FullName;
try
{
    var (challenger, champion, spec, csvPath) = SyntheticHoldout.Create(rows, gate, folder);
    var metrics = EvaluationMetrics.ForTask(ModelTask.BinaryClassification);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} paired rows, {iterations:N0} resamples, {Environment.ProcessorCount} cores"));
    for (var repeat = 0; repeat < repeats; repeat++)
    {
        var watch = Stopwatch.StartNew();
        var intervals = metrics.Select(m => PairedStatistics.Bootstrap(challenger, champion, m, gate.Confidence, gate.BootstrapIterations, gate.BootstrapSeed)).ToList();
        var perMetric = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var evidence = ModelEvaluator.GatherEvidence(spec, EvaluationMetric.Auc, csvPath, challenger, champion);
        var gather = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var slices = SliceChecker.Compare(spec, csvPath, challenger, champion);
        var slicing = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {repeat + 1}: bootstrap one call per metric {perMetric:F2} s; gather evidence (all intervals + slices) {gather:F2} s; slices alone {slicing:F2} s ({slices.Count} slices, {slices.Count(s => s.Regressed)} regressed)"));
        if (repeat == 0)
        {
            foreach (var interval in intervals.OfType<MetricInterval>().Concat(evidence.Intervals))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {interval.Metric}: {interval.Improvement:R} [{interval.Lower:R}, {interval.Upper:R}] se {interval.StandardError:R} n {interval.Resamples}"));
            }
        }
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

/// <summary>Paired predictions with tied scores and the holdout CSV the slices read, generated from a fixed seed.</summary>
internal static class SyntheticHoldout
{
    public static (HoldoutPredictions Challenger, HoldoutPredictions Champion, ModelSpec Spec, string CsvPath) Create(int rows, GateSpec gate, string folder)
    {
        var random = new Random(42);
        var labels = new double[rows];
        var champion = new double[rows];
        var challenger = new double[rows];
        var features = new List<FeatureSpec>();
        for (var f = 0; f < 20; f++)
        {
            features.Add(new FeatureSpec($"x{f}", FeatureType.Numeric));
        }

        features.Add(new FeatureSpec("c5", FeatureType.Categorical));
        features.Add(new FeatureSpec("c20", FeatureType.Categorical));
        features.Add(new FeatureSpec("c200", FeatureType.Categorical));
        var csvPath = Path.Combine(folder, "holdout.csv");
        using (var writer = new StreamWriter(csvPath, false, new UTF8Encoding(false)))
        {
            writer.WriteLine(string.Join(',', features.Select(f => f.Name).Append("label")));
            var line = new StringBuilder();
            for (var i = 0; i < rows; i++)
            {
                var label = random.NextDouble() < 0.3 ? 1 : 0;
                var sign = (2 * label) - 1;
                labels[i] = label;

                // Scores rounded to 0.01: many ties within and across the classes, as tree ensembles produce.
                champion[i] = Math.Round((1.0 * sign) + Gaussian(random), 2);
                challenger[i] = Math.Round((1.1 * sign) + Gaussian(random), 2);
                line.Clear();
                for (var f = 0; f < 20; f++)
                {
                    if (random.NextDouble() >= 0.01)
                    {
                        line.Append(CultureInfo.InvariantCulture, $"{Gaussian(random):0.0000}");
                    }

                    line.Append(',');
                }

                line.Append(CultureInfo.InvariantCulture, $"a{random.Next(5)},b{random.Next(20)},c{random.Next(200)},{(label == 1 ? "yes" : "no")}");
                writer.WriteLine(line);
            }
        }

        var spec = new ModelSpec
        {
            Name = "gatebench",
            Task = ModelTask.BinaryClassification,
            Label = new LabelSpec("label", "yes"),
            Features = features,
            Gate = gate,
        };
        return (Predictions(labels, challenger), Predictions(labels, champion), spec, csvPath);
    }

    private static HoldoutPredictions Predictions(double[] labels, double[] scores) => new()
    {
        Task = ModelTask.BinaryClassification,
        Labels = [.. labels],
        Scores = [.. scores],
        PredictedPositive = [.. scores.Select(s => s > 0)],
        Correct = [.. scores.Select((s, i) => (s > 0) == (labels[i] > 0.5))],
        RowLogLoss = [.. scores.Select((s, i) => -Math.Log2(Math.Clamp(labels[i] > 0.5 ? Sigmoid(s) : 1 - Sigmoid(s), 1e-15, 1.0)))],
    };

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
