using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Production against a trivial baseline on the comparison rows: the majority class of those rows (classification, on
/// accuracy) or their mean (regression, on MAE). A production model that is worse than the baseline has stopped
/// predicting anything useful, whatever the challenger does; the flag is a warning, not a gate rule.
/// </summary>
/// <param name="Baseline">The baseline in words (<c>always predicting 'DOWN'</c>).</param>
/// <param name="Metric">The metric compared (Accuracy, MicroAccuracy or Mae).</param>
/// <param name="Production">Production's value on the comparison rows.</param>
/// <param name="BaselineValue">The baseline's value on the same rows.</param>
/// <param name="Interval">The paired block bootstrap interval of (production − baseline, better direction), or null when it could not be estimated.</param>
/// <param name="Worse">Whether production is shown worse than the baseline: the interval's upper bound is below 0.</param>
public sealed record BaselineCheck(
    string Baseline,
    EvaluationMetric Metric,
    double Production,
    double BaselineValue,
    MetricInterval? Interval,
    bool Worse);
