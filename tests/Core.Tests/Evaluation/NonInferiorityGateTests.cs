using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// <see cref="GateMode.NonInferiority"/>: a challenger is deployed unless the evidence shows it worse than production by
/// more than the margin; the threshold and slice rules still apply; <see cref="GateMode.Superiority"/> is unchanged.
/// </summary>
public sealed class NonInferiorityGateTests : IDisposable
{
    private static readonly GateSpec NonInferior = new() { Mode = GateMode.NonInferiority };
    private static readonly GateSpec Superiority = new() { Mode = GateMode.Superiority };
    private readonly string _folder = Directory.CreateTempSubdirectory("gate-ni-").FullName;

    [Fact]
    public void Decide_ChallengerSlightlyWorseByNoise_SuperiorityRejectsAndNonInferiorityPromotes()
    {
        // Arrange: the challenger is the champion plus jitter; the first seed where it looks worse, but not significantly.
        var holdout = Enumerable.Range(1, 40)
            .Select(seed => new PairedHoldout().WithRows(600).WithSeed(seed).WithChallengerAsNoisyChampion(0.3))
            .First(h => Decide(Superiority, h).Evidence.GateInterval is { Improvement: < 0, Upper: >= 0 });

        // Act
        var (superiority, evidence) = Decide(Superiority, holdout);
        var (nonInferiority, _) = Decide(NonInferior, holdout);

        // Assert
        Assert.True(evidence.GateInterval!.Upper >= 0);
        Assert.Equal(GateDecision.NotBetter, superiority.Decision);
        Assert.DoesNotContain("non-inferiority", superiority.Reason, StringComparison.Ordinal);
        Assert.Equal(GateDecision.Promote, nonInferiority.Decision);
        Assert.StartsWith("non-inferiority: ", nonInferiority.Reason, StringComparison.Ordinal);
        Assert.Contains("not shown worse: the upper bound is >= -nonInferiorityMargin 0", nonInferiority.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ChallengerClearlyWorse_NonInferiorityRejectsAsNotBetter()
    {
        // Act
        var (verdict, evidence) = Decide(NonInferior, new PairedHoldout().WithRows(1_000).WithSignals(1.2, 0.6));

        // Assert
        Assert.True(evidence.GateInterval!.Upper < 0);
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.Contains("clearly worse: the upper bound is < -nonInferiorityMargin 0", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WorseWithinOrBeyondTheMargin_MarginDecides()
    {
        // Arrange: a clearly worse challenger (slices and guardrails off: only the margin rule); margins just wider and narrower than its upper bound.
        var holdout = new PairedHoldout().WithRows(1_000).WithSignals(1.2, 0.6);
        var gate = NonInferior with { SliceRegression = SliceRegressionAction.Off, Guardrails = [] };
        var upper = Decide(gate, holdout).Evidence.GateInterval!.Upper;

        // Act
        var (wide, _) = Decide(gate with { NonInferiorityMargin = -upper + 0.001 }, holdout);
        var (narrow, _) = Decide(gate with { NonInferiorityMargin = -upper - 0.001 }, holdout);

        // Assert
        Assert.Equal(GateDecision.Promote, wide.Decision);
        Assert.Equal(GateDecision.NotBetter, narrow.Decision);
    }

    [Fact]
    public void Decide_NonInferiorButBrokenOnOneSlice_SliceRuleStillBlocks()
    {
        // Arrange
        var holdout = new PairedHoldout().WithRows(2_000).WithSignals(0.3, 2.0).WithChallengerBrokenOn("gray");

        // Act
        var (verdict, _) = Decide(NonInferior, holdout);

        // Assert
        Assert.Equal(GateDecision.SliceRegression, verdict.Decision);
        Assert.Contains("color = gray", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NonInferiorBelowMinHoldoutRows_PromotesOnThinEvidenceAndSaysSo()
    {
        // Arrange
        var holdout = new PairedHoldout().WithRows(600).WithSignals(0.6, 1.2);

        // Act
        var (verdict, _) = Decide(NonInferior with { MinHoldoutRows = 1_000 }, holdout);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Contains("thin evidence: fewer than gate.minHoldoutRows 1,000 comparison rows; the deployment is on probation", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SuperiorityBelowMinHoldoutRows_InsufficientEvidence()
    {
        // Arrange: a clearly better challenger, but superiority needs gate.minHoldoutRows to show it.
        var holdout = new PairedHoldout().WithRows(600).WithSignals(0.6, 1.2);

        // Act
        var (verdict, _) = Decide(NonInferior with { Mode = GateMode.Superiority, MinHoldoutRows = 1_000 }, holdout);

        // Assert
        Assert.Equal(GateDecision.InsufficientEvidence, verdict.Decision);
        Assert.Contains("the comparison rows are below their minimum of 1,000", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.02, GateDecision.Promote)]
    [InlineData(0.005, GateDecision.NotBetter)]
    public void Decide_PointEstimatesOnly_WorseWithinTheMarginPromotes(double margin, GateDecision expected)
    {
        // Act: AUC 0.79 against 0.80, no per-row evidence.
        var verdict = DecideOnPoints(NonInferior with { NonInferiorityMargin = margin }, challenger: 0.79, champion: 0.80);

        // Assert
        Assert.Equal(expected, verdict.Decision);
        Assert.StartsWith("non-inferiority: ", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NonInferiorButBelowThreshold_BelowThreshold()
    {
        // Act
        var verdict = DecideOnPoints(NonInferior with { Threshold = 0.9 }, challenger: 0.85, champion: 0.80);

        // Assert
        Assert.Equal(GateDecision.BelowThreshold, verdict.Decision);
    }

    [Theory]
    [InlineData(GateMode.Superiority, true, PromotionGate.EvidenceRule)]
    [InlineData(GateMode.Superiority, false, PromotionGate.Rule)]
    [InlineData(GateMode.NonInferiority, true, PromotionGate.NonInferiorityEvidenceRule)]
    [InlineData(GateMode.NonInferiority, false, PromotionGate.NonInferiorityRule)]
    public void RuleFor_Mode_NamesTheRuleThatDecides(GateMode mode, bool withEvidence, string expected) =>
        Assert.Equal(expected, PromotionGate.RuleFor(mode, withEvidence));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static GateVerdict DecideOnPoints(GateSpec gate, double challenger, double champion) =>
        PromotionGate.Decide(
            EvaluationMetric.Auc,
            gate,
            TrainerKind.LightGbm,
            new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = challenger },
            "v-1",
            new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = champion },
            null,
            100);

    private (GateVerdict Verdict, GateEvidence Evidence) Decide(GateSpec gate, PairedHoldout holdout)
    {
        var (challenger, champion, csv) = holdout.Build();
        var path = Path.Combine(_folder, $"holdout-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        var evidence = ModelEvaluator.GatherEvidence(PairedHoldout.Spec(gate), EvaluationMetric.Auc, path, challenger, champion);
        var challengerAuc = new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = 0.8 };
        var championAuc = new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = 0.8 - evidence.GateInterval!.Improvement };
        var verdict = PromotionGate.Decide(EvaluationMetric.Auc, gate, TrainerKind.LightGbm, challengerAuc, "v-1", championAuc, null, challenger.Count, evidence);
        return (verdict, evidence);
    }
}
