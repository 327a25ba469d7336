using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>
/// Deterministic paired binary predictions of a champion and a challenger on the same holdout, plus the holdout CSV
/// (features <c>color</c> and <c>x</c>) for slice checks. Each model scores <c>signal·(2·label − 1) + N(0, 1)</c>,
/// predicts positive when the score is above 0; <see cref="WithChallengerBrokenOn"/> inverts the challenger on one color.
/// </summary>
public sealed class PairedHoldout
{
    private int _rows = 1_000;
    private int _seed = 1;
    private double _championSignal = 1.0;
    private double _challengerSignal = 1.0;
    private double _challengerJitter;
    private string? _brokenColor;

    public PairedHoldout WithRows(int rows)
    {
        _rows = rows;
        return this;
    }

    public PairedHoldout WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Separation of each model's score between the classes.</summary>
    public PairedHoldout WithSignals(double champion, double challenger)
    {
        _championSignal = champion;
        _challengerSignal = challenger;
        return this;
    }

    /// <summary>The challenger is the champion's score plus N(0, sd): better or worse by noise only.</summary>
    public PairedHoldout WithChallengerAsNoisyChampion(double sd)
    {
        _challengerJitter = sd;
        return this;
    }

    public PairedHoldout WithChallengerBrokenOn(string color)
    {
        _brokenColor = color;
        return this;
    }

    public (HoldoutPredictions Challenger, HoldoutPredictions Champion, string Csv) Build()
    {
        var random = new Random(_seed);
        var colors = new[] { "red", "green", "blue", "gray" };
        var labels = new double[_rows];
        var champion = new double[_rows];
        var challenger = new double[_rows];
        var csv = new StringBuilder("color,x,label\n");
        for (var i = 0; i < _rows; i++)
        {
            var label = random.Next(2);
            var color = colors[random.Next(colors.Length)];
            var sign = (2 * label) - 1;
            labels[i] = label;
            champion[i] = (_championSignal * sign) + Gaussian(random);
            challenger[i] = _challengerJitter > 0
                ? champion[i] + (_challengerJitter * Gaussian(random))
                : (_challengerSignal * sign) + Gaussian(random);
            if (color == _brokenColor)
            {
                challenger[i] = -challenger[i];
            }

            csv.Append(CultureInfo.InvariantCulture, $"{color},{random.NextDouble():0.0000},{(label == 1 ? "yes" : "no")}\n");
        }

        return (Predictions(labels, challenger), Predictions(labels, champion), csv.ToString());
    }

    public static ModelSpec Spec(GateSpec gate) => new()
    {
        Name = "paired",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        Features = [new FeatureSpec("color", FeatureType.Categorical), new FeatureSpec("x", FeatureType.Numeric)],
        Gate = gate,
    };

    private static HoldoutPredictions Predictions(double[] labels, double[] scores) => new()
    {
        Task = ModelTask.BinaryClassification,
        Labels = labels,
        Scores = scores,
        PredictedPositive = [.. scores.Select(s => s > 0)],
        Correct = [.. scores.Select((s, i) => (s > 0) == (labels[i] > 0.5))],
        RowLogLoss = [.. scores.Select((s, i) => -Math.Log2(labels[i] > 0.5 ? Sigmoid(s) : 1 - Sigmoid(s)))],
    };

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
