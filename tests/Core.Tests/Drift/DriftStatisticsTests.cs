using RetrainFunctions.Core.Drift;

namespace RetrainFunctions.Core.Tests.Drift;

public sealed class DriftStatisticsTests
{
    [Fact]
    public void PopulationStabilityIndex_UniformVsSkewed_MatchesHandComputedValue()
    {
        // Σ (a − r)·ln(a/r) = −0.15·ln 0.4 − 0.05·ln 0.8 + 0.05·ln 1.2 + 0.15·ln 1.6 = 0.228217.
        var psi = DriftStatistics.PopulationStabilityIndex([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]);

        Assert.Equal(0.228217, psi, 6);
    }

    [Fact]
    public void PsiSamplingBias_TenBinsTwoSamplesOfThousand_IsNineTimesTwoThousandths() =>
        Assert.Equal(0.018, DriftStatistics.PsiSamplingBias(10, 1000, 1000), 12);

    [Fact]
    public void JensenShannonDistance_KnownCases_MatchBase2Values()
    {
        Assert.Equal(0, DriftStatistics.JensenShannonDistance([0.3, 0.7], [0.3, 0.7]), 12);
        Assert.Equal(1, DriftStatistics.JensenShannonDistance([1, 0], [0, 1]), 12);

        // m = (0.75, 0.25); JSD = ½·KL(p‖m) + ½·KL(q‖m) = 0.311278; distance √JSD = 0.557923.
        Assert.Equal(0.557923, DriftStatistics.JensenShannonDistance([0.5, 0.5], [1, 0]), 6);
    }

    [Fact]
    public void LInfinity_LargestShareChange() =>
        Assert.Equal(0.3, DriftStatistics.LInfinity([0.5, 0.3, 0.2], [0.2, 0.4, 0.4]), 12);

    [Fact]
    public void KolmogorovSmirnov_ShiftedByTwo_IsTwoFifths()
    {
        // ECDFs of {1..5} and {3..7} differ most at x = 2 (0.4 vs 0) and x = 5 (1 vs 0.6).
        Assert.Equal(0.4, DriftStatistics.KolmogorovSmirnov([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]), 12);
        Assert.Equal(0, DriftStatistics.KolmogorovSmirnov([1, 2, 2, 3], [1, 2, 2, 3]), 12);
    }

    [Theory]
    [InlineData(1.358, 0.0500)] // the textbook 5 % critical value of the Kolmogorov distribution
    [InlineData(1.224, 0.1000)] // the 10 % critical value
    public void KolmogorovSmirnovPValue_LargeSamplesAtCriticalLambda_GivesTextbookLevel(double lambda, double expected)
    {
        // n = m = 20,000: nₑ = 10,000, so D = λ / (√nₑ + 0.12 + 0.11/√nₑ).
        var d = lambda / (100 + 0.12 + 0.0011);

        Assert.Equal(expected, DriftStatistics.KolmogorovSmirnovPValue(d, 20_000, 20_000), 3);
    }

    [Fact]
    public void Wasserstein_ShiftedSamples_IsTheShift()
    {
        Assert.Equal(1, DriftStatistics.Wasserstein([0, 1, 2], [1, 2, 3]), 12);
        Assert.Equal(2.5, DriftStatistics.Wasserstein([0, 0], [2, 3]), 12);
        Assert.Equal(0, DriftStatistics.Wasserstein([4, 5], [4, 5]), 12);
    }

    [Fact]
    public void ChiSquare_TwoByTwoTable_MatchesTextbookStatisticAndPValue()
    {
        // Reference 30/70, current 50/50: expected 40/60 per row; χ² = 2·(100/40 + 100/60) = 8.3333, df 1, p = erfc(√(χ²/2)) = 0.003892.
        var (statistic, df, p) = DriftStatistics.ChiSquare([30, 70], [50, 50]);

        Assert.Equal(8.333333, statistic, 6);
        Assert.Equal(1, df);
        Assert.Equal(0.003892, p, 6);
    }

    [Theory]
    [InlineData(4.0, 2, 0.135335)] // df 2: e^(−x/2)
    [InlineData(18.307, 10, 0.0500)] // the 5 % critical value for df 10
    [InlineData(3.841, 1, 0.0500)] // the 5 % critical value for df 1
    [InlineData(0.5, 3, 0.918891)] // series branch (x < a + 1)
    public void ChiSquareSurvival_TableValues(double x, int df, double expected) =>
        Assert.Equal(expected, DriftStatistics.ChiSquareSurvival(x, df), 4);

    [Fact]
    public void BenjaminiHochberg_FourPValues_MatchesStepUpAdjustment()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 → ×4/rank = 0.02, 0.02, 0.04, 0.04, then running minimum from the top.
        var adjusted = DriftStatistics.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.02, 0.04, 0.04, 0.02], adjusted.Select(p => Math.Round(p, 10)));
    }

    [Fact]
    public void WassersteinSamplingBias_StandardNormalSamples_CloseToObservedNullDistance()
    {
        // Two independent N(0,1) samples of 400: the mean W1 between them is what the bias predicts.
        var random = new Random(7);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var reference = Enumerable.Range(0, 400).Select(_ => Normal()).Order().ToArray();
        var observed = Enumerable.Range(0, 50).Average(_ => DriftStatistics.Wasserstein(reference, Enumerable.Range(0, 400).Select(_ => Normal()).Order().ToArray()));

        var bias = DriftStatistics.WassersteinSamplingBias(reference, 400, 400);

        Assert.InRange(bias / observed, 0.8, 1.25);
    }
}
