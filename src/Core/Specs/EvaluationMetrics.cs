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
        ModelTask.MulticlassClassification => [EvaluationMetric.MicroAccuracy, EvaluationMetric.MacroAccuracy, EvaluationMetric.LogLoss],
        ModelTask.Regression => [EvaluationMetric.Rmse, EvaluationMetric.Mae, EvaluationMetric.RSquared],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
    };

    /// <summary>The default decisive metric: AUC, macro accuracy or RMSE.</summary>
    public static EvaluationMetric DefaultFor(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => EvaluationMetric.Auc,
        ModelTask.MulticlassClassification => EvaluationMetric.MacroAccuracy,
        ModelTask.Regression => EvaluationMetric.Rmse,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
    };

    /// <summary>
    /// The improvement of <paramref name="challenger"/> over <paramref name="champion"/> in the metric's better
    /// direction: positive means the challenger is better.
    /// </summary>
    public static double Improvement(this EvaluationMetric metric, double challenger, double champion) =>
        metric.HigherIsBetter() ? challenger - champion : champion - challenger;
}
