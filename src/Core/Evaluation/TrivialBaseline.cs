using System.Globalization;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Compares production with a trivial baseline on the comparison rows (see <see cref="BaselineCheck"/>): the majority
/// class of those rows on accuracy (binary, multiclass micro accuracy), or their mean on MAE (regression), with the same
/// paired block bootstrap as the gate.
/// </summary>
internal static class TrivialBaseline
{
    /// <summary>Production (<paramref name="production"/>'s rows) against the baseline of the same rows; null without rows.</summary>
    public static BaselineCheck? Check(ModelSpec spec, HoldoutPredictions production)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(production);
        if (production.Count == 0)
        {
            return null;
        }

        var (name, metric, baseline) = production.Task switch
        {
            ModelTask.BinaryClassification => Binary(spec, production),
            ModelTask.MulticlassClassification => Multiclass(production),
            ModelTask.Regression => Regression(production),
            _ => throw new ArgumentOutOfRangeException(nameof(production), production.Task, "Unknown model task."),
        };
        var ones = new int[production.Count];
        Array.Fill(ones, 1);
        if (WeightedMetric.For(production, metric) is not { } productionMetric || WeightedMetric.For(baseline, metric) is not { } baselineMetric)
        {
            return null;
        }

        var gate = spec.Gate;
        var interval = PairedStatistics.Bootstrap(production, baseline, metric, gate.Confidence, gate.BootstrapIterations, gate.BootstrapSeed, gate.EffectiveBlockRows(production.Count));
        return new BaselineCheck(name, metric, productionMetric.Compute(ones), baselineMetric.Compute(ones), interval, interval is { Upper: < 0 });
    }

    private static (string Name, EvaluationMetric Metric, HoldoutPredictions Baseline) Binary(ModelSpec spec, HoldoutPredictions production)
    {
        var positives = production.Labels.Count(l => l > 0.5);
        var positive = positives > production.Count - positives;
        var correct = production.Labels.Select(l => (l > 0.5) == positive).ToArray();
        var score = positive ? 1.0 : -1.0;
        var name = (positive, spec.Label.PositiveClass) switch
        {
            (true, { } p) => $"always predicting '{p}'",
            (false, { } p) => $"always predicting not '{p}'",
            (true, null) => "always predicting the positive class",
            (false, null) => "always predicting the negative class",
        };
        var baseline = new HoldoutPredictions
        {
            Task = ModelTask.BinaryClassification,
            Labels = production.Labels,
            Scores = Enumerable.Repeat(score, production.Count).ToArray(),
            Correct = correct,
            PredictedPositive = Enumerable.Repeat(positive, production.Count).ToArray(),
        };
        return (name, EvaluationMetric.Accuracy, baseline);
    }

    private static (string Name, EvaluationMetric Metric, HoldoutPredictions Baseline) Multiclass(HoldoutPredictions production)
    {
        var classes = production.Classes ?? throw new ArgumentException("Multiclass predictions need their true classes.", nameof(production));

        // The most frequent class; ties go to the ordinally first name, so the baseline does not depend on row order.
        var majority = classes.GroupBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;
        var baseline = new HoldoutPredictions
        {
            Task = ModelTask.MulticlassClassification,
            Labels = production.Labels,
            Scores = production.Scores,
            Correct = classes.Select(c => string.Equals(c, majority, StringComparison.Ordinal)).ToArray(),
            Classes = classes,
            PredictedClasses = Enumerable.Repeat(majority, classes.Count).ToArray(),
        };
        return ($"always predicting '{majority}'", EvaluationMetric.MicroAccuracy, baseline);
    }

    private static (string Name, EvaluationMetric Metric, HoldoutPredictions Baseline) Regression(HoldoutPredictions production)
    {
        var mean = production.Labels.Average();
        var baseline = new HoldoutPredictions
        {
            Task = ModelTask.Regression,
            Labels = production.Labels,
            Scores = Enumerable.Repeat(mean, production.Count).ToArray(),
            Correct = [],
        };
        return ($"always predicting the mean {mean.ToString("0.####", CultureInfo.InvariantCulture)}", EvaluationMetric.Mae, baseline);
    }
}
