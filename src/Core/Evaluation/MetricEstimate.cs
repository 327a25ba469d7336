using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>One model's value of a metric on a labeled split, with a block bootstrap interval of it (the value ± <see cref="PairedStatistics.IntervalMultiple"/> standard errors).</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Value">Its value on the whole split.</param>
/// <param name="Lower">The lower bound, or null when the interval could not be estimated.</param>
/// <param name="Upper">The upper bound, or null when the interval could not be estimated.</param>
/// <param name="Confidence">The two-sided confidence level.</param>
/// <param name="Resamples">Resamples in which the metric was defined.</param>
public sealed record MetricEstimate(EvaluationMetric Metric, double Value, double? Lower, double? Upper, double Confidence, int Resamples);
