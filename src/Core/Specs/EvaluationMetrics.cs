namespace RetrainFunctions.Core.Specs;

/// <summary>Facts about <see cref="EvaluationMetric"/>: direction, task, defaults.</summary>
public static class EvaluationMetrics
{
    /// <summary>Returns whether a larger value of <paramref name="metric"/> is better.</summary>
    public static bool HigherIsBetter(this EvaluationMetric metric) =>
        metric is not (EvaluationMetric.LogLoss or EvaluationMetric.Rmse or EvaluationMetric.Mae);

    /// <summary>Returns whether <paramref name="metric"/> is computed for <paramref name="task"/>.</summary>
    public static bool AppliesTo(this EvaluationMetric metric, ModelTask task) => ForTask(task).Contains(metric);

    /// <summary>The metrics computed for <paramref name="task"/>.</summary>
    public static IReadOnlyList<EvaluationMetric> ForTask(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => [EvaluationMetric.Accuracy, EvaluationMetric.F1, EvaluationMetric.Auc, EvaluationMetric.LogLoss],
        ModelTask.MulticlassClassification => [EvaluationMetric.MicroAccuracy, EvaluationMetric.MacroAccuracy, EvaluationMetric.LogLoss, EvaluationMetric.MacroF1],
        ModelTask.Regression => [EvaluationMetric.Rmse, EvaluationMetric.Mae, EvaluationMetric.RSquared],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
    };

    /// <summary>
    /// The default decisive metric, a proper scoring rule: log-loss for binary and multiclass classification, MAE for
    /// regression. Unlike AUC (a ranking measure), log-loss sees a shifted threshold or a miscalibrated probability.
    /// </summary>
    public static EvaluationMetric DefaultFor(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => EvaluationMetric.LogLoss,
        ModelTask.MulticlassClassification => EvaluationMetric.LogLoss,
        ModelTask.Regression => EvaluationMetric.Mae,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
    };

    /// <summary>
    /// The default guardrails of the gate (<see cref="GateSpec.Guardrails"/>): accuracy and F1 at the deployed threshold
    /// for binary classification, micro accuracy and macro F1 for multiclass, each with a margin of 0.02; none for regression.
    /// </summary>
    public static IReadOnlyList<GuardrailSpec> DefaultGuardrailsFor(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification =>
            [new GuardrailSpec { Metric = EvaluationMetric.Accuracy, Margin = 0.02 }, new GuardrailSpec { Metric = EvaluationMetric.F1, Margin = 0.02 }],
        ModelTask.MulticlassClassification =>
            [new GuardrailSpec { Metric = EvaluationMetric.MicroAccuracy, Margin = 0.02 }, new GuardrailSpec { Metric = EvaluationMetric.MacroF1, Margin = 0.02 }],
        ModelTask.Regression => [],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
    };

    /// <summary>
    /// The improvement of <paramref name="challenger"/> over <paramref name="champion"/> in the metric's better
    /// direction: positive means the challenger is better.
    /// </summary>
    public static double Improvement(this EvaluationMetric metric, double challenger, double champion) =>
        metric.HigherIsBetter() ? challenger - champion : champion - challenger;
}
