using RetrainFunctions.Lab.Backtesting;

namespace RetrainFunctions.Lab.Tests.Backtesting;

public sealed class PrequentialMetricsTests
{
    [Fact]
    public void Classification_HandCheckedCase_MatchesKappaAndKappaTemporal()
    {
        // tp 2, tn 2, fp 1, fn 1: accuracy 4/6; chance agreement 0.5·0.5 + 0.5·0.5 = 0.5, so κ = (2/3 − 1/2)/(1/2) = 1/3.
        // The no-change classifier (previous label) is right on 2 of 6 rows, so κ-temporal = (2/3 − 1/3)/(2/3) = 1/2.
        double[] actual = [1, 0, 1, 1, 0, 0];
        double[] predicted = [1, 0, 0, 1, 1, 0];
        double[] previous = [0, 1, 0, 1, 1, 0];

        var metrics = PrequentialMetrics.Classification(actual, predicted, previous);

        Assert.Equal(4.0 / 6, metrics["accuracy"], 12);
        Assert.Equal(2.0 / 3, metrics["f1"], 12);
        Assert.Equal(1.0 / 3, metrics["kappa"], 12);
        Assert.Equal(0.5, metrics["kappaTemporal"], 12);
    }

    [Fact]
    public void Classification_WorseThanNoChange_HasNegativeKappaTemporal()
    {
        double[] actual = [1, 1, 1, 0, 0, 0];
        double[] predicted = [0, 1, 0, 0, 1, 0];
        double[] previous = [1, 1, 1, 1, 0, 0];

        var metrics = PrequentialMetrics.Classification(actual, predicted, previous);

        // Accuracy 3/6 against no-change 5/6: κ-temporal = (0.5 − 5/6)/(1/6) = −2.
        Assert.Equal(-2.0, metrics["kappaTemporal"], 12);
    }

    [Fact]
    public void Regression_HandCheckedCase_MatchesMaeRmseAndR2()
    {
        var metrics = PrequentialMetrics.Regression([1, 2, 3], [2, 2, 5]);

        Assert.Equal(1.0, metrics["mae"], 12);
        Assert.Equal(Math.Sqrt(5.0 / 3), metrics["rmse"], 12);
        Assert.Equal(1 - (5.0 / 2), metrics["r2"], 12);
    }
}
