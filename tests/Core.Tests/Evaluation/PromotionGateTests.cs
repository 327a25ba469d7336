using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Evaluation;

public sealed class PromotionGateTests
{
    private const string Version = "v20260101T000000Z-ab12cd34";

    [Fact]
    public void Decide_MinDeltaZeroAndEqualValues_NotBetter()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, new GateSpec(), challenger: 0.8, champion: 0.8);

        // Assert
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.Contains("+0.0000 is not > minDelta 0", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MinDeltaZeroAndStrictlyBetter_PromotesWithFigures()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, new GateSpec(), challenger: 0.8123, champion: 0.7990, rows: 1_234);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Equal(
            "challenger LightGbm AUC 0.8123 vs production v20260101T000000Z-ab12cd34 AUC 0.7990 on 1,234 holdout rows: +0.0133 > minDelta 0 (strictly better required)",
            verdict.Reason);
    }

    [Fact]
    public void Decide_ImprovementEqualToMinDelta_Promotes()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, new GateSpec { MinDelta = 0.25 }, challenger: 0.75, champion: 0.5);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Contains("+0.2500 >= minDelta 0.25", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ImprovementBelowMinDelta_NotBetter()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, new GateSpec { MinDelta = 0.01 }, challenger: 0.805, champion: 0.8);

        // Assert
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
    }

    [Theory]
    [InlineData(2.0, GateDecision.BelowThreshold)]
    [InlineData(1.0, GateDecision.Promote)]
    public void Decide_LowerIsBetterMetric_ThresholdIsAMaximum(double rmse, GateDecision expected)
    {
        // Act
        var verdict = Decide(EvaluationMetric.Rmse, new GateSpec { Threshold = 1.5 }, challenger: rmse, champion: null);

        // Assert
        Assert.Equal(expected, verdict.Decision);
    }

    [Fact]
    public void Decide_LowerIsBetterMetric_SmallerValueIsAnImprovement()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Rmse, new GateSpec(), challenger: 1.0, champion: 1.2);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Contains("+0.2000", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ThresholdFailsAndBetterThanChampion_BelowThreshold()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, new GateSpec { Threshold = 0.9 }, challenger: 0.85, champion: 0.6);

        // Assert
        Assert.Equal(GateDecision.BelowThreshold, verdict.Decision);
        Assert.Contains("misses threshold AUC >= 0.9", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ChallengerMetricUndefined_NotBetter()
    {
        // Act
        var verdict = PromotionGate.Decide(EvaluationMetric.Auc, new GateSpec(), TrainerKind.LightGbm, new Dictionary<EvaluationMetric, double>(), null, null, null, 100);

        // Assert
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.Contains("no defined AUC", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseChallenger_TieOnMetric_PrefersSpecOrder()
    {
        // Arrange
        var candidates = new[] { Candidate(TrainerKind.FastTree, 0.8), Candidate(TrainerKind.LightGbm, 0.8) };

        // Act
        var chosen = PromotionGate.ChooseChallenger(candidates, [TrainerKind.LightGbm, TrainerKind.FastTree], EvaluationMetric.Auc);

        // Assert
        Assert.Equal(TrainerKind.LightGbm, chosen.Trainer);
    }

    [Fact]
    public void ChooseChallenger_LowerIsBetterMetric_PicksSmallest()
    {
        // Arrange
        var candidates = new[] { Candidate(TrainerKind.LightGbm, 0.5, EvaluationMetric.LogLoss), Candidate(TrainerKind.FastTree, 0.4, EvaluationMetric.LogLoss) };

        // Act
        var chosen = PromotionGate.ChooseChallenger(candidates, [TrainerKind.LightGbm, TrainerKind.FastTree], EvaluationMetric.LogLoss);

        // Assert
        Assert.Equal(TrainerKind.FastTree, chosen.Trainer);
    }

    [Fact]
    public void ChooseChallenger_MetricMissing_RanksLast()
    {
        // Arrange
        var candidates = new[]
        {
            new CandidateResult(TrainerKind.LightGbm, "a.zip", new Dictionary<EvaluationMetric, double>(), 10, 1, new Dictionary<string, string>()),
            Candidate(TrainerKind.FastTree, 0.55),
        };

        // Act
        var chosen = PromotionGate.ChooseChallenger(candidates, [TrainerKind.LightGbm, TrainerKind.FastTree], EvaluationMetric.Auc);

        // Assert
        Assert.Equal(TrainerKind.FastTree, chosen.Trainer);
    }

    private static GateVerdict Decide(EvaluationMetric metric, GateSpec gate, double challenger, double? champion, int rows = 100) =>
        PromotionGate.Decide(
            metric,
            gate,
            TrainerKind.LightGbm,
            new Dictionary<EvaluationMetric, double> { [metric] = challenger },
            champion is null ? null : Version,
            champion is { } c ? new Dictionary<EvaluationMetric, double> { [metric] = c } : null,
            null,
            rows);

    private static CandidateResult Candidate(TrainerKind trainer, double value, EvaluationMetric metric = EvaluationMetric.Auc) =>
        new(trainer, $"{trainer}.zip", new Dictionary<EvaluationMetric, double> { [metric] = value }, 10, 1, new Dictionary<string, string>());
}
