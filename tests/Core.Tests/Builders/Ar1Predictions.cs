using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>
/// Regression predictions whose errors are AR(1) series (label 0, prediction = the series): autocorrelated per-row
/// losses like those of neighbouring recent rows, for the tests of time-block resampling.
/// </summary>
internal static class Ar1Predictions
{
    /// <summary>Two models on the same <paramref name="rows"/> rows: the first's errors an AR(1) series of <paramref name="phi"/>, the second's of <paramref name="secondPhi"/>.</summary>
    public static (HoldoutPredictions First, HoldoutPredictions Second) Pair(int rows, double phi, int seed, double secondPhi)
    {
        var random = new Random(seed);
        var labels = new double[rows];
        return (Model(labels, Series(random, rows, phi)), Model(labels, Series(random, rows, secondPhi)));
    }

    private static double[] Series(Random random, int rows, double phi)
    {
        var values = new double[rows];
        var innovation = Math.Sqrt(1 - (phi * phi));
        var previous = Gaussian(random);
        for (var i = 0; i < rows; i++)
        {
            previous = (phi * previous) + (innovation * Gaussian(random));
            values[i] = previous;
        }

        return values;
    }

    private static HoldoutPredictions Model(double[] labels, double[] scores) =>
        new() { Task = ModelTask.Regression, Labels = labels, Scores = scores, Correct = [] };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
