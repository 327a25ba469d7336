using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// The paired bootstrap's interval written out for the reference bootstraps of these tests: the type 7 percentiles
/// (R, NumPy) of the resampled improvements and their sample standard deviation; null with fewer than two.
/// </summary>
internal static class PercentileInterval
{
    public static MetricInterval? Of(EvaluationMetric metric, double point, List<double> improvements, double confidence)
    {
        if (improvements.Count < 2)
        {
            return null;
        }

        var sorted = improvements.Order().ToList();
        var mean = sorted.Average();
        var sd = Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / (sorted.Count - 1));
        var alpha = (1 - confidence) / 2;
        return new MetricInterval(metric, point, TypeSeven(sorted, alpha), TypeSeven(sorted, 1 - alpha), sd, confidence, sorted.Count);
    }

    private static double TypeSeven(List<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
