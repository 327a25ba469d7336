using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Specs;

public sealed class CorrelationsTests
{
    [Fact]
    public void AverageRanks_TiedValues_ShareTheMeanOfTheirRanks()
    {
        var ranks = Correlations.AverageRanks([30, 10, 20, 20, 20]);

        Assert.Equal([5, 1, 3, 3, 3], ranks);
    }

    [Fact]
    public void Spearman_TiesInOneSeries_MatchesScipy()
    {
        // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic = 8 / sqrt(95)
        var rho = Correlations.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);

        Assert.Equal(0.8207826816681233, rho!.Value, 12);
    }

    [Fact]
    public void Spearman_MonotoneButNonLinear_IsOne()
    {
        var rho = Correlations.Spearman([1, 2, 3, 4, 5, 6], [1, 8, 27, 64, 125, 216]);

        Assert.Equal(1.0, rho!.Value, 12);
    }

    [Fact]
    public void Spearman_MissingValues_UsesOnlyRowsWithBoth()
    {
        var rho = Correlations.Spearman([1, double.NaN, 3, 4, 5], [5, 100, 7, double.NaN, 9]);

        Assert.Equal(1.0, rho!.Value, 12);
    }

    [Fact]
    public void Spearman_ConstantSeriesOrTooFewRows_IsNull()
    {
        Assert.Null(Correlations.Spearman([2, 2, 2, 2], [1, 2, 3, 4]));
        Assert.Null(Correlations.Spearman([1, 2, 3], [1, 2, 3], minPairs: 50));
    }
}
