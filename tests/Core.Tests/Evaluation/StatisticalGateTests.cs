using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>The statistical gate on paired predictions: noise is not promoted, a real gain is, a broken slice blocks.</summary>
public sealed class StatisticalGateTests : IDisposable
{
    /// <summary>These tests are about the superiority rule on AUC (the default is non-inferiority on log-loss).</summary>
    private static readonly GateSpec Superiority = new() { Mode = GateMode.Superiority };

    private readonly string _folder = Directory.CreateTempSubdirectory("gate-").FullName;

    [Fact]
    public void Decide_ChallengerBetterByNoiseOnly_RejectedForInsufficientEvidenceWithRowsNeeded()
    {
        // Arrange: the challenger is the champion plus jitter; pick the first seed where it happens to look better.
        var gate = Superiority;
        var (verdict, evidence) = Enumerable.Range(1, 20)
            .Select(seed => Decide(gate, new PairedHoldout().WithRows(600).WithSeed(seed).WithChallengerAsNoisyChampion(0.3)))
            .First(d => d.Evidence.GateInterval!.Improvement > 0);

        // Assert
        Assert.Equal(GateDecision.InsufficientEvidence, verdict.Decision);
        Assert.True(evidence.GateInterval!.Lower <= 0);
        Assert.NotNull(evidence.RequiredRows);
        Assert.True(evidence.RequiredRows > 600);
        Assert.Contains("insufficient evidence", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains($"about {evidence.RequiredRows:N0} comparison rows would be needed", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ChallengerWorse_NotBetter()
    {
        // Act
        var (verdict, evidence) = Decide(Superiority, new PairedHoldout().WithRows(1_000).WithSignals(1.2, 0.6));

        // Assert
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.True(evidence.GateInterval!.Upper < 0);
        Assert.True(evidence.McNemar!.ChampionOnlyCorrect > evidence.McNemar.ChallengerOnlyCorrect);
    }

    [Fact]
    public void Decide_TrulyBetterOnEnoughRows_PromotesWithIntervalInReason()
    {
        // Act
        var (verdict, evidence) = Decide(Superiority with { MinDelta = 0.02 }, new PairedHoldout().WithRows(2_000).WithSignals(0.6, 1.2));

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.True(evidence.GateInterval!.Lower > 0.02);
        Assert.Contains("95 % CI [", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("lower bound is > minDelta 0.02", verdict.Reason, StringComparison.Ordinal);
        Assert.True(evidence.McNemar!.ExactPValue < 1e-6);
        Assert.Equal(EvaluationMetrics.ForTask(ModelTask.BinaryClassification).Order(), evidence.Intervals.Select(i => i.Metric).Order());
        Assert.DoesNotContain(evidence.Slices, s => s.Regressed);
    }

    [Fact]
    public void Decide_BetterOverallButBrokenOnOneSlice_BlockedNamingTheSlice()
    {
        // Arrange: much better overall, inverted on 'gray' (a quarter of the rows).
        var holdout = new PairedHoldout().WithRows(2_000).WithSignals(0.3, 2.0).WithChallengerBrokenOn("gray");

        // Act
        var (verdict, evidence) = Decide(Superiority, holdout);

        // Assert
        Assert.Equal(GateDecision.SliceRegression, verdict.Decision);
        var regressed = Assert.Single(evidence.Slices, s => s.Regressed);
        Assert.Equal(("color", "= gray"), (regressed.Feature, regressed.Slice));
        Assert.True(regressed.AdjustedPValue >= regressed.PValue);
        Assert.Contains("Holm", evidence.SliceCorrection, StringComparison.Ordinal);
        Assert.Contains("color = gray", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(evidence.Slices, s => s.Feature == "x" && s.Slice.StartsWith("in [", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_SliceRegressionSetToWarn_PromotesWithWarning()
    {
        // Arrange
        var holdout = new PairedHoldout().WithRows(2_000).WithSignals(0.3, 2.0).WithChallengerBrokenOn("gray");

        // Act
        var (verdict, _) = Decide(Superiority with { SliceRegression = SliceRegressionAction.Warn }, holdout);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.Contains("warning: significantly worse on 1 slice(s): color = gray", verdict.Reason, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (GateVerdict Verdict, GateEvidence Evidence) Decide(GateSpec gate, PairedHoldout holdout)
    {
        var (challenger, champion, csv) = holdout.Build();
        var path = Path.Combine(_folder, $"holdout-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        var spec = PairedHoldout.Spec(gate);
        var evidence = ModelEvaluator.GatherEvidence(spec, EvaluationMetric.Auc, path, challenger, champion);
        var challengerAuc = new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = 0.8 };
        var championAuc = new Dictionary<EvaluationMetric, double> { [EvaluationMetric.Auc] = 0.8 - evidence.GateInterval!.Improvement };
        var verdict = PromotionGate.Decide(EvaluationMetric.Auc, gate, TrainerKind.LightGbm, challengerAuc, "v-1", championAuc, null, challenger.Count, evidence);
        return (verdict, evidence);
    }
}
