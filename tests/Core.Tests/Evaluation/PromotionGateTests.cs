using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Evaluation;

public sealed class PromotionGateTests
{
    private const string Version = "v20260101T000000Z-ab12cd34";

    /// <summary>The superiority rule, which these point-estimate tests are about (the default is non-inferiority).</summary>
    private static readonly GateSpec Superiority = new() { Mode = GateMode.Superiority };

    [Fact]
    public void Decide_MinDeltaZeroAndEqualValues_NotBetter()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, Superiority, challenger: 0.8, champion: 0.8);

        // Assert
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.Contains("+0.0000 is not > minDelta 0", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MinDeltaZeroAndStrictlyBetter_PromotesWithFigures()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, Superiority, challenger: 0.8123, champion: 0.7990, rows: 1_234);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Equal(
            "challenger LightGbm AUC 0.8123 vs production v20260101T000000Z-ab12cd34 AUC 0.7990 on 1,234 comparison rows: +0.0133 > minDelta 0 (strictly better required)",
            verdict.Reason);
    }

    [Fact]
    public void Decide_ImprovementEqualToMinDelta_Promotes()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, Superiority with { MinDelta = 0.25 }, challenger: 0.75, champion: 0.5);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Contains("+0.2500 >= minDelta 0.25", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ImprovementBelowMinDelta_NotBetter()
    {
        // Act
        var verdict = Decide(EvaluationMetric.Auc, Superiority with { MinDelta = 0.01 }, challenger: 0.805, champion: 0.8);

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
        var verdict = Decide(EvaluationMetric.Rmse, Superiority, challenger: 1.0, champion: 1.2);

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
    public void Decide_DefaultGate_NonInferiorityOnLogLossPromotesSlightlyWorseChallenger()
    {
        // Arrange: log-loss 0.01 worse, interval [−0.03, +0.01]: not shown worse; guardrails within their margins.
        var gate = new GateSpec();
        var metric = gate.EffectiveMetric(ModelTask.BinaryClassification);
        var evidence = Evidence(Interval(EvaluationMetric.LogLoss, -0.01, -0.03, 0.01), Guardrail(EvaluationMetric.Accuracy, 0.02, -0.005, -0.015, 0.006), Guardrail(EvaluationMetric.F1, 0.02, 0.0, -0.01, 0.01));

        // Act
        var verdict = DecideOnEvidence(metric, gate, 0.61, 0.60, evidence);

        // Assert
        Assert.Equal(EvaluationMetric.LogLoss, metric);
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.StartsWith("non-inferiority: challenger LightGbm LogLoss 0.6100 vs production v20260101T000000Z-ab12cd34 LogLoss 0.6000 on 1,000 comparison rows: -0.0100, 95 % CI [-0.0300, +0.0100] (paired block bootstrap, blocks of 32 rows, 1000 resamples)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("not shown worse: the upper bound is >= -nonInferiorityMargin 0", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("guardrail accuracy: -0.0050, 95 % CI [-0.0150, +0.0060], upper bound >= -margin 0.02 (not clearly worse)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("guardrail F1: +0.0000, 95 % CI [-0.0100, +0.0100], upper bound >= -margin 0.02 (not clearly worse)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DefaultGateLogLossClearlyWorse_NotBetter()
    {
        // Act
        var verdict = DecideOnEvidence(EvaluationMetric.LogLoss, new GateSpec(), 0.9, 0.6, Evidence(Interval(EvaluationMetric.LogLoss, -0.3, -0.35, -0.25)));

        // Assert
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.Contains("clearly worse: the upper bound is < -nonInferiorityMargin 0", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GateMode.NonInferiority)]
    [InlineData(GateMode.Superiority)]
    public void Decide_GuardrailClearlyWorse_BlocksPromotionAndSaysWhy(GateMode mode)
    {
        // Arrange: the gate metric alone would promote (clearly better); accuracy is clearly worse beyond its margin.
        var gate = new GateSpec { Mode = mode, Metric = EvaluationMetric.Auc };
        var evidence = Evidence(Interval(EvaluationMetric.Auc, 0.05, 0.03, 0.07), Guardrail(EvaluationMetric.Accuracy, 0.02, -0.25, -0.28, -0.22), Guardrail(EvaluationMetric.F1, 0.02, 0.01, -0.01, 0.03));

        // Act
        var verdict = DecideOnEvidence(EvaluationMetric.Auc, gate, 0.85, 0.80, evidence);

        // Assert
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.Contains("guardrail accuracy: challenger clearly worse: upper bound -0.2200 < -margin 0.02 (-0.2500, 95 % CI [-0.2800, -0.2200])", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("guardrail F1: +0.0100", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_GuardrailWorseWithinItsMargin_Promotes()
    {
        // Arrange: accuracy's upper bound −0.01 is above −margin −0.02.
        var evidence = Evidence(Interval(EvaluationMetric.LogLoss, 0.02, 0.01, 0.03), Guardrail(EvaluationMetric.Accuracy, 0.02, -0.02, -0.03, -0.01));

        // Act
        var verdict = DecideOnEvidence(EvaluationMetric.LogLoss, new GateSpec(), 0.5, 0.52, evidence);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Contains("guardrail accuracy: -0.0200, 95 % CI [-0.0300, -0.0100], upper bound >= -margin 0.02 (not clearly worse)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_GuardrailNotEstimable_NotAppliedAndSaysSo()
    {
        // Arrange
        var evidence = Evidence(Interval(EvaluationMetric.LogLoss, 0.02, 0.01, 0.03), new GuardrailCheck(EvaluationMetric.F1, 0.02, null, false));

        // Act
        var verdict = DecideOnEvidence(EvaluationMetric.LogLoss, new GateSpec(), 0.5, 0.52, evidence);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Contains("guardrail F1: could not be estimated (undefined in the resamples), not applied", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ProductionWorseThanBaseline_ReasonEndsWithTheWarning()
    {
        // Arrange
        var baseline = new BaselineCheck("always predicting 'DOWN'", EvaluationMetric.Accuracy, 0.36, 0.61, Interval(EvaluationMetric.Accuracy, -0.25, -0.29, -0.21), Worse: true);

        // Act
        var verdict = PromotionGate.Decide(EvaluationMetric.LogLoss, new GateSpec(), TrainerKind.LightGbm, new Dictionary<EvaluationMetric, double> { [EvaluationMetric.LogLoss] = 0.6 }, "v3", new Dictionary<EvaluationMetric, double> { [EvaluationMetric.LogLoss] = 0.9 }, null, 1_000, baseline: baseline);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.EndsWith(
            "; warning: production v3 is worse than always predicting 'DOWN' on the comparison rows: accuracy 0.3600 vs 0.6100, difference -0.2500, 95 % CI [-0.2900, -0.2100]",
            verdict.Reason);
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
    public void ChooseChallenger_SelectAmongEnsembles_BestEnsembleWinsOverABetterSingle()
    {
        // Arrange: LightGbm alone has the lowest log-loss; of the two ensembles (two windows) the second is better.
        var candidates = new[]
        {
            Candidate(TrainerKind.LightGbm, 0.30, EvaluationMetric.LogLoss),
            Candidate(TrainerKind.Ensemble, 0.45, EvaluationMetric.LogLoss) with { ModelPath = "Ensemble.zip" },
            Candidate(TrainerKind.LbfgsLogisticRegression, 0.50, EvaluationMetric.LogLoss),
            Candidate(TrainerKind.Ensemble, 0.40, EvaluationMetric.LogLoss) with { ModelPath = "Ensemble-newest125permille.zip", WindowFraction = 0.125 },
        };
        TrainerKind[] order = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble];

        // Act
        var amongEnsembles = PromotionGate.ChooseChallenger(candidates, order, EvaluationMetric.LogLoss, CandidateSelection.Ensembles);
        var amongAll = PromotionGate.ChooseChallenger(candidates, order, EvaluationMetric.LogLoss, CandidateSelection.All);

        // Assert
        Assert.Equal("Ensemble-newest125permille.zip", amongEnsembles.ModelPath);
        Assert.Equal(TrainerKind.LightGbm, amongAll.Trainer);
    }

    [Fact]
    public void ChooseChallenger_SelectAmongEnsemblesWithoutAnEnsemble_EveryCandidateCompetes()
    {
        // Arrange: the ensemble failed, so only its members are left.
        var candidates = new[] { Candidate(TrainerKind.LightGbm, 0.5, EvaluationMetric.LogLoss), Candidate(TrainerKind.LbfgsLogisticRegression, 0.4, EvaluationMetric.LogLoss) };

        // Act
        var chosen = PromotionGate.ChooseChallenger(candidates, [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble], EvaluationMetric.LogLoss, CandidateSelection.Ensembles);

        // Assert
        Assert.Equal(TrainerKind.LbfgsLogisticRegression, chosen.Trainer);
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

    private static GateVerdict DecideOnEvidence(EvaluationMetric metric, GateSpec gate, double challenger, double champion, GateEvidence evidence) =>
        PromotionGate.Decide(
            metric,
            gate,
            TrainerKind.LightGbm,
            new Dictionary<EvaluationMetric, double> { [metric] = challenger },
            Version,
            new Dictionary<EvaluationMetric, double> { [metric] = champion },
            null,
            1_000,
            evidence);

    private static GateEvidence Evidence(MetricInterval gateInterval, params GuardrailCheck[] guardrails) =>
        new("test", null, [gateInterval, .. guardrails.Select(g => g.Interval!)], gateInterval, null, [], "slices off", guardrails, BlockRows: 32);

    private static MetricInterval Interval(EvaluationMetric metric, double improvement, double lower, double upper) =>
        new(metric, improvement, lower, upper, (upper - lower) / 4, 0.95, 1_000);

    private static GuardrailCheck Guardrail(EvaluationMetric metric, double margin, double improvement, double lower, double upper) =>
        new(metric, margin, Interval(metric, improvement, lower, upper), upper < -margin);

    private static CandidateResult Candidate(TrainerKind trainer, double value, EvaluationMetric metric = EvaluationMetric.Auc) =>
        new(trainer, $"{trainer}.zip", new Dictionary<EvaluationMetric, double> { [metric] = value }, 10, 1, new Dictionary<string, string>());
}
