using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Training;

/// <summary>Temperature scaling: the slope it fits, when it refuses to fit, and the ML.NET transformer that applies it.</summary>
public sealed class TemperatureScalingTests
{
    [Theory]
    [InlineData(3.0)]
    [InlineData(1.5)]
    public void FitSlope_OverconfidentScores_RecoversTheInverseScale(double overconfidence)
    {
        // Arrange: labels drawn from σ(z); the model reports z · overconfidence.
        var random = new Random(7);
        const int rows = 20_000;
        var (scores, labels) = (new float[rows], new bool[rows]);
        for (var i = 0; i < rows; i++)
        {
            var z = (random.NextDouble() * 8) - 4;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            scores[i] = (float)(z * overconfidence);
        }

        // Act
        var slope = TemperatureScaling.FitSlope(scores, labels);

        // Assert
        Assert.NotNull(slope);
        Assert.InRange(slope.Value, 0.93 / overconfidence, 1.07 / overconfidence);
    }

    [Fact]
    public void FitSlope_UnderconfidentScores_NeverSharpens()
    {
        // Arrange: the model reports half the true log-odds; the log-loss-optimal slope would be 2.
        var random = new Random(11);
        const int rows = 20_000;
        var (scores, labels) = (new float[rows], new bool[rows]);
        for (var i = 0; i < rows; i++)
        {
            var z = (random.NextDouble() * 8) - 4;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            scores[i] = (float)(z * 0.5);
        }

        // Act + Assert: the model's own log-odds are kept.
        Assert.Equal(1.0, TemperatureScaling.FitSlope(scores, labels));
    }

    [Fact]
    public void FitSlope_TooFewRowsOrOneClass_Null()
    {
        var few = Enumerable.Range(0, TemperatureScaling.MinRows - 1).Select(i => (float)i - 20).ToArray();
        Assert.Null(TemperatureScaling.FitSlope(few, [.. few.Select(s => s > 0)]));
        var many = Enumerable.Range(0, 500).Select(i => (float)i).ToArray();
        Assert.Null(TemperatureScaling.FitSlope(many, [.. many.Select(_ => true)]));
    }

    [Fact]
    public void FitSlope_PerfectlySeparable_ClampedToTheLargestSlope()
    {
        var scores = Enumerable.Range(-100, 200).Select(i => (float)i + 0.5f).ToArray();
        Assert.Equal(TemperatureScaling.MaxSlope, TemperatureScaling.FitSlope(scores, [.. scores.Select(s => s > 0)]));
    }

    [Fact]
    public void Transformer_ScoredRows_ProbabilityIsSigmoidOfSlopeTimesScoreAndLabelsUnchanged()
    {
        // Arrange: a scored view as a binary trainer leaves it (Score, a Probability to replace, PredictedLabel).
        var ml = new MLContext(seed: 1);
        var rows = new[] { -3f, -0.4f, 0f, 0.2f, 1.5f, 6f }.Select(s => new Scored { Score = s, Probability = 0.99f, PredictedLabel = s > 0, Label = s > 0.1f }).ToList();
        var view = ml.Data.LoadFromEnumerable(rows);

        // Act
        var scaled = TemperatureScaling.Transformer(ml, 0.5, view).Transform(view);

        // Assert
        var probabilities = scaled.GetColumn<float>("Probability").ToArray();
        var labels = scaled.GetColumn<bool>("PredictedLabel").ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-0.5 * rows[i].Score)), probabilities[i], 5);
            Assert.Equal(rows[i].PredictedLabel, labels[i]);
        }
    }

    private sealed class Scored
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }

        public bool Label { get; set; }
    }
}
