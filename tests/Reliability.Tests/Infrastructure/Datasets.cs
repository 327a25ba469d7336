using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Reliability.Tests.Infrastructure;

/// <summary>Specs and learnable CSV batches for the reliability drills.</summary>
internal static class Datasets
{
    public static ModelSpec Spec(string name, params TrainerKind[] trainers) => new()
    {
        Name = name,
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        TimestampColumn = "ts",
        Features = [new("x1", FeatureType.Numeric), new("x2", FeatureType.Numeric), new("color", FeatureType.Categorical)],
        Trainers = trainers.Length == 0 ? [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.LbfgsLogisticRegression] : trainers,
        Validation = new ValidationSpec { MinTrainingRows = 100 },
        Gate = new GateSpec { MinHoldoutRows = 30, Threshold = 0.6 },
    };

    /// <summary>A learnable binary batch: yes when x1 + 0.5·x2 + noise is high; 'red' adds risk.</summary>
    public static byte[] Batch(int week, int rows, int seed = 1)
    {
        var random = new Random(unchecked((seed * 100_003) + week)); // not HashCode.Combine: it is randomized per process
        var text = new StringBuilder("x1,x2,color,label,ts\n");
        var start = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc).AddDays(7 * week);
        for (var i = 0; i < rows; i++)
        {
            var x1 = (random.NextDouble() * 4) - 2;
            var x2 = (random.NextDouble() * 4) - 2;
            var color = random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            var signal = x1 + (0.5 * x2) + (color == "red" ? 0.8 : 0) + (random.NextDouble() - 0.5);
            var timestamp = start.AddSeconds(i * 30);
            text.Append(CultureInfo.InvariantCulture, $"{x1:0.000},{x2:0.000},{color},{(signal > 0.3 ? "yes" : "no")},{timestamp:yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A batch without the label column: validation quarantines it.</summary>
    public static byte[] Unlabeled(int week, int rows)
    {
        var lines = Encoding.UTF8.GetString(Batch(week, rows, seed: 7)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var cells = line.Split(',');
            text.Append(CultureInfo.InvariantCulture, $"{cells[0]},{cells[1]},{cells[2]},{cells[4]}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The batch id the collector gives these bytes: their SHA-256.</summary>
    public static string BatchId(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
