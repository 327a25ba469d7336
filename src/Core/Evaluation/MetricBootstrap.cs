using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// The block bootstrap of one model's metrics on a labeled split (not of an improvement, as
/// <see cref="PairedStatistics.Bootstrap(HoldoutPredictions, HoldoutPredictions, IReadOnlyList{EvaluationMetric}, double, int, int, int, int)"/>):
/// the same resampler (<see cref="BootstrapResampler"/>, blocks of consecutive rows) and the same per-metric arithmetic
/// (<see cref="WeightedMetric"/>) and the same interval (the value ± <see cref="PairedStatistics.IntervalMultiple"/>
/// standard errors), so its intervals are those the gate would give the model alone. Being symmetric, a bound can pass
/// the metric's range (an accuracy of 0.99 on few blocks); it is reported as computed.
/// </summary>
public static class MetricBootstrap
{
    /// <summary>Estimates every metric of <paramref name="metrics"/> that <paramref name="predictions"/> can give, in order; null where it cannot.</summary>
    public static IReadOnlyList<MetricEstimate?> Estimate(
        HoldoutPredictions predictions,
        IReadOnlyList<EvaluationMetric> metrics,
        double confidence,
        int iterations,
        int seed,
        int blockRows = 1)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 2);
        var estimates = new MetricEstimate?[metrics.Count];
        if (predictions.Count == 0)
        {
            return estimates;
        }

        var prepared = metrics.Select(m => WeightedMetric.For(predictions, m)).ToArray();
        var perBlock = prepared.Select(p => p?.InBlocks(blockRows)).ToArray();
        var samples = prepared.Select(p => p is null ? [] : new double[iterations]).ToArray();
        BootstrapResampler.Run(predictions.Count, iterations, seed, maxDegreeOfParallelism: 1, (blockCounts, index) =>
        {
            for (var m = 0; m < perBlock.Length; m++)
            {
                if (perBlock[m] is { } metric)
                {
                    samples[m][index] = metric.Compute(blockCounts);
                }
            }
        }, blockRows);

        var ones = new int[predictions.Count];
        Array.Fill(ones, 1);
        var multiple = PairedStatistics.IntervalMultiple(confidence, BootstrapResampler.Blocks(predictions.Count, blockRows));
        for (var m = 0; m < prepared.Length; m++)
        {
            if (prepared[m] is { } metric && metric.Compute(ones) is var value && double.IsFinite(value))
            {
                var defined = samples[m].Where(double.IsFinite).Order().ToList();
                var spread = defined.Count < 2 ? (double?)null : multiple * PairedStatistics.StandardDeviation(defined);
                estimates[m] = new MetricEstimate(metrics[m], value, value - spread, value + spread, confidence, defined.Count);
            }
        }

        return estimates;
    }
}
