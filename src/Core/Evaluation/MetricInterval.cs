using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// A paired bootstrap confidence interval of the challenger's improvement over the champion on one metric, on the same
/// holdout rows. Improvement is oriented: positive means the challenger is better (challenger − champion for
/// higher-is-better metrics, champion − challenger for lower-is-better ones).
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Improvement">The improvement on the whole holdout (the point estimate of the resampled statistic).</param>
/// <param name="Lower">The lower bound: improvement − q · standard error (<see cref="PairedStatistics.IntervalMultiple"/>).</param>
/// <param name="Upper">The upper bound: improvement + q · standard error.</param>
/// <param name="StandardError">The standard deviation of the resampled improvements.</param>
/// <param name="Confidence">The two-sided confidence level.</param>
/// <param name="Resamples">Resamples in which the metric was defined for both models.</param>
public sealed record MetricInterval(
    EvaluationMetric Metric,
    double Improvement,
    double Lower,
    double Upper,
    double StandardError,
    double Confidence,
    int Resamples);
