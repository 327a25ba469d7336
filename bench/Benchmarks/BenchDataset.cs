using System.Globalization;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Benchmarks;

/// <summary>
/// The benchmark dataset of the performance issue, generated deterministically: 23 columns — 20 numeric features
/// (some skewed, about 1 % missing), 3 categoricals with 5, 20 and 200 values — and a binary label, plus a timestamp.
/// The "current" variant drifts: several means shift and one coefficient changes sign.
/// </summary>
public static class BenchDataset
{
    public const int NumericCount = 20;
    private static readonly int[] Cardinalities = [5, 20, 200];
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static ModelSpec Spec(string name) => new()
    {
        Name = name,
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "1"),
        TimestampColumn = "ts",
        Features =
        [
            .. Enumerable.Range(0, NumericCount).Select(i => new FeatureSpec($"x{i:00}", FeatureType.Numeric)),
            .. Cardinalities.Select((_, i) => new FeatureSpec($"c{i}", FeatureType.Categorical)),
        ],
        Trainers = [TrainerKind.LightGbm],
        Window = new WindowSpec { MaxRows = 0 },
        Validation = new ValidationSpec { MinTrainingRows = 1_000 },
        // The issue's pipeline deploys the challenger as evaluated; refitting on the whole window is extra work the bare baseline does not do.
        Gate = new GateSpec { Metric = EvaluationMetric.Auc, Refit = false },
    };

    /// <summary>Writes <paramref name="rows"/> rows; <paramref name="drifted"/> selects the "current" distribution.</summary>
    public static void Write(string path, int rows, bool drifted, int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, NumericCount).Select(i => (i % 3 == 0 ? 0.6 : 0.25) * (i % 2 == 0 ? 1 : -1)).ToArray();
        if (drifted)
        {
            weights[3] = -weights[3];
        }

        var categoryEffects = Cardinalities.Select(n => Enumerable.Range(0, n).Select(k => ((k * 37 % 11) - 5) / 10.0).ToArray()).ToArray();
        using var stream = File.Create(path);
        using var writer = new CsvWriter(stream);
        var header = Enumerable.Range(0, NumericCount).Select(i => $"x{i:00}").Concat(Cardinalities.Select((_, i) => $"c{i}")).Append("label").Append("ts").ToArray();
        writer.WriteRecord(header);
        var fields = new string[header.Length];
        var offset = drifted ? rows : 0;
        for (var r = 0; r < rows; r++)
        {
            var logit = -0.3;
            for (var i = 0; i < NumericCount; i++)
            {
                var value = i % 4 == 0 ? Math.Exp(Normal(random) * 0.8) : Normal(random) + (drifted && i % 5 == 1 ? 0.5 : 0);
                logit += weights[i] * (i % 4 == 0 ? Math.Log(value) : value);
                fields[i] = random.NextDouble() < 0.01 ? string.Empty : value.ToString("0.#####", CultureInfo.InvariantCulture);
            }

            for (var c = 0; c < Cardinalities.Length; c++)
            {
                var level = Math.Min(Cardinalities[c] - 1, (int)(Math.Pow(random.NextDouble(), 1.5) * Cardinalities[c]));
                logit += categoryEffects[c][level];
                fields[NumericCount + c] = $"v{level}";
            }

            fields[^2] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "1" : "0";
            fields[^1] = Start.AddSeconds(offset + r).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            writer.WriteRecord(fields);
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
