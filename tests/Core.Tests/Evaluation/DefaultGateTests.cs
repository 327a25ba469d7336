using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// The default gate on synthetic binary predictions: non-inferiority on log-loss with accuracy and F1 guardrails, so a
/// challenger that ranks better (higher AUC) but whose threshold is shifted is rejected, even when AUC decides; and
/// production is flagged when the majority class of the comparison rows beats it.
/// </summary>
public sealed class DefaultGateTests
{
    private const int Rows = 1_000;

    [Fact]
    public void GateSpec_Defaults_NonInferiorityOnProperScoringRulesWithGuardrails()
    {
        // Arrange
        var gate = new GateSpec();

        // Assert
        Assert.Equal(GateMode.NonInferiority, gate.Mode);
        Assert.Equal(0, gate.NonInferiorityMargin);
        Assert.Equal(EvaluationMetric.LogLoss, gate.EffectiveMetric(ModelTask.BinaryClassification));
        Assert.Equal(EvaluationMetric.LogLoss, gate.EffectiveMetric(ModelTask.MulticlassClassification));
        Assert.Equal(EvaluationMetric.Mae, gate.EffectiveMetric(ModelTask.Regression));
        Assert.Equal([(EvaluationMetric.Accuracy, 0.02), (EvaluationMetric.F1, 0.02)], gate.EffectiveGuardrails(ModelTask.BinaryClassification).Select(g => (g.Metric, g.Margin)));
        Assert.Equal([(EvaluationMetric.MicroAccuracy, 0.02), (EvaluationMetric.MacroF1, 0.02)], gate.EffectiveGuardrails(ModelTask.MulticlassClassification).Select(g => (g.Metric, g.Margin)));
        Assert.Empty(gate.EffectiveGuardrails(ModelTask.Regression));
        Assert.Equal(32, gate.EffectiveBlockRows(1_000));
        Assert.Equal(1, (gate with { BootstrapBlockRows = 1 }).EffectiveBlockRows(1_000));
    }

    [Fact]
    public void Decide_BetterAucButShiftedThreshold_RejectedByDefault()
    {
        // Arrange: the challenger ranks better but predicts the positive class almost always.
        var (labels, production, challenger) = Stream(seed: 1, challengerShift: 4.0);

        // Act
        var (verdict, evidence) = Decide(new GateSpec(), production, challenger);

        // Assert
        Assert.True(Value(challenger, EvaluationMetric.Auc) > Value(production, EvaluationMetric.Auc));
        Assert.True(Value(challenger, EvaluationMetric.Accuracy) < Value(production, EvaluationMetric.Accuracy) - 0.2);
        Assert.Equal(EvaluationMetric.LogLoss, evidence.GateInterval!.Metric);
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        Assert.StartsWith("non-inferiority: challenger LightGbm LogLoss", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("clearly worse: the upper bound is < -nonInferiorityMargin 0", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("guardrail accuracy: challenger clearly worse: upper bound", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(32, evidence.BlockRows);
        Assert.Contains("contiguous blocks of 32 rows", evidence.Method, StringComparison.Ordinal);
        Assert.True(labels.Count(l => l > 0.5) < Rows / 2);
    }

    [Fact]
    public void Decide_AucChosenAsGateMetric_AccuracyGuardrailStillBlocks()
    {
        // Arrange
        var (_, production, challenger) = Stream(seed: 2, challengerShift: 4.0);

        // Act
        var (verdict, evidence) = Decide(new GateSpec { Metric = EvaluationMetric.Auc }, production, challenger);

        // Assert: AUC alone would promote; the accuracy guardrail does not let it.
        Assert.True(evidence.GateInterval!.Upper >= 0);
        Assert.Equal(GateDecision.NotBetter, verdict.Decision);
        var accuracy = Assert.Single(evidence.Guardrails!, g => g.Metric == EvaluationMetric.Accuracy);
        Assert.True(accuracy.Blocks);
        Assert.True(accuracy.Interval!.Upper < -0.02);
        Assert.Contains("not shown worse", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("guardrail accuracy: challenger clearly worse: upper bound", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BetterChallengerWithSameThreshold_PromotedByDefault()
    {
        // Arrange
        var (_, production, challenger) = Stream(seed: 3, challengerShift: 0.0);

        // Act
        var (verdict, evidence) = Decide(new GateSpec(), production, challenger);

        // Assert
        Assert.Equal(GateDecision.Promote, verdict.Decision);
        Assert.All(evidence.Guardrails!, g => Assert.False(g.Blocks));
        Assert.Contains("guardrail accuracy: ", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("guardrail F1: ", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("(not clearly worse)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ProductionWorseThanMajorityClass_Flagged()
    {
        // Arrange: production's threshold is shifted (it says 'yes' almost always); 'yes' is the minority.
        var (_, shifted, _) = Stream(seed: 4, challengerShift: 0.0, productionShift: 4.0);
        var spec = PairedHoldout.Spec(new GateSpec());

        // Act
        var check = TrivialBaseline.Check(spec, shifted)!;
        var verdict = PromotionGate.Decide(EvaluationMetric.LogLoss, new GateSpec(), TrainerKind.LightGbm, Metrics(shifted), "v3", Metrics(shifted), null, Rows, baseline: check);

        // Assert
        Assert.True(check.Worse);
        Assert.Equal("always predicting not 'yes'", check.Baseline);
        Assert.Equal(EvaluationMetric.Accuracy, check.Metric);
        Assert.True(check.Production < check.BaselineValue);
        Assert.True(check.Interval!.Upper < 0);
        Assert.Contains("; warning: production v3 is worse than always predicting not 'yes' on the comparison rows: accuracy 0.", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_GoodProduction_NotFlagged()
    {
        // Arrange
        var (_, production, _) = Stream(seed: 5, challengerShift: 0.0);

        // Act
        var check = TrivialBaseline.Check(PairedHoldout.Spec(new GateSpec()), production)!;
        var verdict = PromotionGate.Decide(EvaluationMetric.LogLoss, new GateSpec(), TrainerKind.LightGbm, Metrics(production), "v3", Metrics(production), null, Rows, baseline: check);

        // Assert
        Assert.False(check.Worse);
        Assert.True(check.Production > check.BaselineValue);
        Assert.DoesNotContain("worse than always predicting", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Regression_ComparesWithTheMeanOnMae()
    {
        // Arrange: production predicts the negated label, far worse than the mean.
        var random = new Random(6);
        var labels = Enumerable.Range(0, 400).Select(_ => 10 + random.NextDouble()).ToArray();
        var production = new HoldoutPredictions { Task = ModelTask.Regression, Labels = labels, Scores = [.. labels.Select(l => -l)], Correct = [] };

        // Act
        var check = TrivialBaseline.Check(PairedHoldout.Spec(new GateSpec()) with { Task = ModelTask.Regression }, production)!;

        // Assert
        Assert.Equal(EvaluationMetric.Mae, check.Metric);
        Assert.StartsWith("always predicting the mean 10.", check.Baseline, StringComparison.Ordinal);
        Assert.True(check.Worse);
    }

    /// <summary>
    /// Time-ordered binary rows (39 % positive) and two calibrated-looking models: production sees the signal through
    /// more noise than the challenger (so the challenger ranks better); each model's log-odds is shifted by its shift.
    /// </summary>
    private static (double[] Labels, HoldoutPredictions Production, HoldoutPredictions Challenger) Stream(int seed, double challengerShift, double productionShift = 0.0)
    {
        var random = new Random(seed);
        var x = new double[Rows];
        var labels = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            x[i] = Gaussian(random);
            labels[i] = x[i] + (0.8 * Gaussian(random)) > 0.35 ? 1 : 0;
        }

        var production = Model(labels, [.. x.Select(v => v + (0.9 * Gaussian(random)))], productionShift);
        var challenger = Model(labels, [.. x.Select(v => v + (0.5 * Gaussian(random)))], challengerShift);
        return (labels, production, challenger);
    }

    private static HoldoutPredictions Model(double[] labels, double[] scores, double shift)
    {
        var probability = scores.Select(s => 1 / (1 + Math.Exp(-((1.5 * (s - 0.35)) + shift)))).ToArray();
        var predicted = probability.Select(p => p > 0.5).ToArray();
        return new HoldoutPredictions
        {
            Task = ModelTask.BinaryClassification,
            Labels = labels,
            Scores = scores,
            Correct = [.. labels.Select((l, i) => (l > 0.5) == predicted[i])],
            PredictedPositive = predicted,
            RowLogLoss = [.. labels.Select((l, i) => -Math.Log2(Math.Clamp(l > 0.5 ? probability[i] : 1 - probability[i], 1e-15, 1)))],
        };
    }

    private static (GateVerdict Verdict, GateEvidence Evidence) Decide(GateSpec gate, HoldoutPredictions production, HoldoutPredictions challenger)
    {
        gate = gate with { SliceRegression = SliceRegressionAction.Off };
        var spec = PairedHoldout.Spec(gate);
        var metric = gate.EffectiveMetric(spec.Task);
        var evidence = ModelEvaluator.GatherEvidence(spec, metric, "no-slices.csv", challenger, production);
        var verdict = PromotionGate.Decide(metric, gate, TrainerKind.LightGbm, Metrics(challenger), "v3", Metrics(production), null, Rows, evidence);
        return (verdict, evidence);
    }

    private static Dictionary<EvaluationMetric, double> Metrics(HoldoutPredictions predictions) =>
        EvaluationMetrics.ForTask(predictions.Task).ToDictionary(m => m, m => Value(predictions, m));

    private static double Value(HoldoutPredictions predictions, EvaluationMetric metric)
    {
        var ones = new int[predictions.Count];
        Array.Fill(ones, 1);
        return WeightedMetric.For(predictions, metric)!.Compute(ones);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
