using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// The paired bootstrap's interval written out for the reference bootstraps of these tests: the improvement on all rows
/// ± t(k − 1, 1 − α/2) · √(k/(k − 1)) times the sample standard deviation of the resampled improvements, for k
/// resampling units (blocks), the multiple being <see cref="PairedStatistics.IntervalMultiple"/> (checked against table
/// values in <c>BlockBootstrapTests</c>); the standard deviation is summed in sorted order, as the product does; null
/// with fewer than two.
/// </summary>
internal static class ReferenceInterval
{
    public static MetricInterval? Of(EvaluationMetric metric, double point, List<double> improvements, double confidence, int units)
    {
        if (improvements.Count < 2)
        {
            return null;
        }

        var sorted = improvements.Order().ToList();
        var mean = sorted.Average();
        var sd = Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / (sorted.Count - 1));
        var multiple = PairedStatistics.IntervalMultiple(confidence, units);
        return new MetricInterval(metric, point, point - (multiple * sd), point + (multiple * sd), sd, confidence, sorted.Count);
    }
}
