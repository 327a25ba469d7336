using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>One model's value of a metric on a labeled split, with a percentile bootstrap interval of it.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Value">Its value on the whole split.</param>
/// <param name="Lower">The lower percentile bound, or null when the interval could not be estimated.</param>
/// <param name="Upper">The upper percentile bound, or null when the interval could not be estimated.</param>
/// <param name="Confidence">The two-sided confidence level (0.95: the 2.5th and 97.5th percentiles).</param>
/// <param name="Resamples">Resamples in which the metric was defined.</param>
public sealed record MetricEstimate(EvaluationMetric Metric, double Value, double? Lower, double? Upper, double Confidence, int Resamples);
