using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// Reference values come from tests/Core.Tests/Evaluation/paired_statistics_reference.py, run with Debian's
/// /usr/bin/python3 and python3-scipy 1.10.1 (scipy.stats.binomtest, binom, norm, mannwhitneyu); b = 1, c = 7 is the
/// airway hyper-responsiveness example of Fagerland, Lydersen and Laake (2013), exact p 0.0703 and mid-p 0.0391.
/// </summary>
public sealed class PairedStatisticsTests
{
    [Theory]
    [InlineData(1, 7, 0.0703125, 0.0390625)]
    [InlineData(30, 52, 0.0198269158458416, 0.0152322018619947)]
    [InlineData(120, 151, 0.0682012933509873, 0.0599563376373396)]
    [InlineData(10, 10, 1.0, 1.0)]
    [InlineData(0, 0, 1.0, 1.0)]
    public void McNemar_DiscordantCounts_MatchesScipy(int b, int c, double exact, double midP)
    {
        // Act
        var test = PairedStatistics.McNemar(b, c);

        // Assert
        Assert.Equal(exact, test.ExactPValue, 1e-12);
        Assert.Equal(midP, test.MidPValue, 1e-12);
    }

    [Fact]
    public void McNemar_PairedCorrectness_CountsDiscordantRowsBySide()
    {
        // Arrange: rows 0-1 only the challenger is right, rows 2-8 only the champion, row 9 both.
        bool[] challenger = [true, true, false, false, false, false, false, false, false, true];
        bool[] champion = [false, false, true, true, true, true, true, true, true, true];

        // Act
        var test = PairedStatistics.McNemar(challenger, champion);

        // Assert
        Assert.Equal((2, 7), (test.ChallengerOnlyCorrect, test.ChampionOnlyCorrect));
    }

    [Theory]
    [InlineData(40, 20, 0.00674464686559593)]
    [InlineData(12, 3, 0.017578125)]
    [InlineData(5, 5, 0.623046875)]
    public void SignTestWorse_MatchesScipyOneSidedBinomtest(int worse, int better, double expected)
    {
        Assert.Equal(expected, PairedStatistics.SignTestWorse(worse, better), 1e-12);
    }

    [Theory]
    [InlineData(0.975, 1.95996398454005)]
    [InlineData(0.95, 1.64485362695147)]
    [InlineData(0.999, 3.09023230616781)]
    [InlineData(0.001, -3.09023230616781)]
    [InlineData(0.5, 0.0)]
    public void NormalQuantile_MatchesScipyNormPpf(double p, double expected)
    {
        Assert.Equal(expected, PairedStatistics.NormalQuantile(p), 1e-8);
    }

    [Fact]
    public void Holm_FourPValues_StepDownAdjustedInInputOrder()
    {
        // p sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.04·1, 0.06) = 0.06.
        var adjusted = PairedStatistics.Holm([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(a => Math.Round(a, 12)));
    }

    [Fact]
    public void Bootstrap_Auc_PointEstimateMatchesMannWhitney()
    {
        // Arrange: scipy mannwhitneyu gives AUC 0.64 for these scores (one tie across the classes).
        double[] labels = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0];
        double[] scores = [0.9, 0.8, 0.7, 0.7, 0.5, 0.4, 0.35, 0.3, 0.2, 0.1];
        var model = Binary(labels, scores);
        var coinFlip = Binary(labels, [.. scores.Select(_ => 0.5)]);

        // Act
        var interval = PairedStatistics.Bootstrap(model, coinFlip, EvaluationMetric.Auc, 0.95, 200, seed: 7)!;

        // Assert: improvement over a constant scorer (AUC 0.5).
        Assert.Equal(0.64 - 0.5, interval.Improvement, 1e-12);
    }

    [Fact]
    public void Bootstrap_SameSeed_SameInterval_AndIdenticalModelsGiveZeroWidth()
    {
        // Arrange
        var (challenger, champion, _) = new PairedHoldout().WithRows(400).WithSignals(1.0, 1.3).Build();

        // Act
        var first = PairedStatistics.Bootstrap(challenger, champion, EvaluationMetric.Auc, 0.95, 300, seed: 11)!;
        var again = PairedStatistics.Bootstrap(challenger, champion, EvaluationMetric.Auc, 0.95, 300, seed: 11)!;
        var self = PairedStatistics.Bootstrap(champion, champion, EvaluationMetric.LogLoss, 0.95, 300, seed: 11)!;

        // Assert
        Assert.Equal(first, again);
        Assert.True(first.Lower < first.Improvement && first.Improvement < first.Upper);
        Assert.Equal((0.0, 0.0, 0.0), (self.Improvement, self.Lower, self.Upper));
    }

    [Fact]
    public void Bootstrap_LowerIsBetterMetric_ImprovementIsChampionMinusChallenger()
    {
        // Arrange: regression, the challenger's errors are half the champion's.
        double[] labels = [1, 2, 3, 4, 5, 6, 7, 8];
        var champion = Holdouts.Regression(labels, [.. labels.Select((l, i) => l + (i % 2 == 0 ? 1.0 : -1.0))]);
        var challenger = Holdouts.Regression(labels, [.. labels.Select((l, i) => l + (i % 2 == 0 ? 0.5 : -0.5))]);

        // Act
        var mae = PairedStatistics.Bootstrap(challenger, champion, EvaluationMetric.Mae, 0.95, 200, seed: 3)!;
        var rmse = PairedStatistics.Bootstrap(challenger, champion, EvaluationMetric.Rmse, 0.95, 200, seed: 3)!;

        // Assert: MAE 1.0 → 0.5 and RMSE 1.0 → 0.5 on every resample.
        Assert.Equal((0.5, 0.5, 0.5), (Math.Round(mae.Improvement, 12), Math.Round(mae.Lower, 12), Math.Round(mae.Upper, 12)));
        Assert.Equal(0.5, rmse.Improvement, 1e-12);
    }

    [Fact]
    public void Bootstrap_TrueDifference_IsCoveredByTheInterval()
    {
        // Arrange: accuracy of signal 1.0 is Φ(1) = 0.841, of signal 0.5 is Φ(0.5) = 0.691: a true gap of 0.150.
        var (challenger, champion, _) = new PairedHoldout().WithRows(3_000).WithSignals(0.5, 1.0).WithSeed(5).Build();

        // Act
        var interval = PairedStatistics.Bootstrap(challenger, champion, EvaluationMetric.Accuracy, 0.95, 500, seed: 1)!;

        // Assert
        Assert.InRange(0.1498, interval.Lower, interval.Upper);
        Assert.InRange(interval.Upper - interval.Lower, 0.01, 0.06);
    }

    [Fact]
    public void RequiredRows_HalfTheEffect_NeedsFourTimesTheRows()
    {
        // SE 0.01 on 1,000 rows; (1.96 + 0.8416)·0.01 / 0.02 = 1.4008 → 1,000 · 1.4008² = 1,962.3 rows.
        var forEffect = PairedStatistics.RequiredRows(1_000, 0.01, improvement: 0.02, minDelta: 0, confidence: 0.95);
        var forHalf = PairedStatistics.RequiredRows(1_000, 0.01, improvement: 0.01, minDelta: 0, confidence: 0.95);

        Assert.Equal(1_963, forEffect);
        Assert.InRange(forHalf!.Value, (4 * 1_963) - 4, (4 * 1_963) + 4);
        Assert.Null(PairedStatistics.RequiredRows(1_000, 0.01, improvement: -0.01, minDelta: 0, confidence: 0.95));
    }

    private static HoldoutPredictions Binary(double[] labels, double[] scores) => new()
    {
        Task = ModelTask.BinaryClassification,
        Labels = labels,
        Scores = scores,
        Correct = [.. scores.Select((s, i) => (s > 0.5) == (labels[i] > 0.5))],
        PredictedPositive = [.. scores.Select(s => s > 0.5)],
    };
}
