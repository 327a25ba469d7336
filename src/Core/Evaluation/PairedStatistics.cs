using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Paired champion/challenger statistics on the same holdout rows: McNemar's test, exact binomial tails, the paired
/// bootstrap, Holm's correction and a simple power estimate. Pure and deterministic: the bootstrap draws from
/// <c>new Random(seed)</c>, so the same predictions and seed give the same interval on every run and retry.
/// </summary>
public static class PairedStatistics
{
    /// <summary>z of 80 % power, Φ⁻¹(0.8).</summary>
    public const double PowerZ = 0.8416212335729143;

    /// <summary>McNemar's test of <paramref name="challenger"/> against <paramref name="champion"/> on paired correctness.</summary>
    public static McNemarTest McNemar(IReadOnlyList<bool> challenger, IReadOnlyList<bool> champion)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(champion);
        EnsurePaired(challenger.Count, champion.Count);
        int b = 0, c = 0;
        for (var i = 0; i < challenger.Count; i++)
        {
            if (challenger[i] && !champion[i])
            {
                b++;
            }
            else if (!challenger[i] && champion[i])
            {
                c++;
            }
        }

        return McNemar(b, c);
    }

    /// <summary>McNemar's test from the discordant counts <paramref name="b"/> (challenger only right) and <paramref name="c"/> (champion only right).</summary>
    public static McNemarTest McNemar(int b, int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        var n = b + c;
        if (n == 0)
        {
            return new McNemarTest(b, c, 1.0, 1.0);
        }

        var k = Math.Min(b, c);
        var cdf = BinomialCdfHalf(k, n);
        var pmf = Math.Exp(LogBinomialPmfHalf(k, n));
        return new McNemarTest(b, c, Math.Min(1.0, 2 * cdf), Math.Min(1.0, 2 * (cdf - (0.5 * pmf))));
    }

    /// <summary>One-sided exact sign test: P(X ≥ <paramref name="worse"/>), X ~ Binomial(<paramref name="worse"/> + <paramref name="better"/>, ½).</summary>
    public static double SignTestWorse(int worse, int better)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worse);
        ArgumentOutOfRangeException.ThrowIfNegative(better);
        var n = worse + better;

        // By symmetry P(X >= worse) = P(X <= n - worse) = P(X <= better).
        return n == 0 ? 1.0 : Math.Min(1.0, BinomialCdfHalf(better, n));
    }

    /// <summary>P(X ≤ <paramref name="k"/>) for X ~ Binomial(<paramref name="n"/>, ½), summed in log space (exact for any n).</summary>
    public static double BinomialCdfHalf(int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k < 0)
        {
            return 0.0;
        }

        if (k >= n)
        {
            return 1.0;
        }

        var logTerm = n * Math.Log(0.5);
        var logSum = logTerm;
        for (var i = 1; i <= k; i++)
        {
            logTerm += Math.Log(n - i + 1) - Math.Log(i);
            logSum = LogAdd(logSum, logTerm);
        }

        return Math.Min(1.0, Math.Exp(logSum));
    }

    /// <summary>Holm's step-down adjustment of <paramref name="pValues"/> (family-wise error control), in input order.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }

        return adjusted;
    }

    /// <summary>Φ⁻¹(<paramref name="p"/>), the standard normal quantile (Acklam's rational approximation, relative error &lt; 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p > 1 - low)
        {
            return -NormalQuantile(1 - p);
        }

        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            var tailNumerator = Horner(c, q);
            var tailDenominator = (Horner(d, q) * q) + 1;
            return tailNumerator / tailDenominator;
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / ((Horner(b, s) * s) + 1);
    }

    /// <summary>
    /// Holdout rows that would give the gate 80 % power, scaling the observed standard error as 1/√n:
    /// n · ((z + z₀.₈) · SE / effect)², where z = Φ⁻¹(1 − (1 − confidence)/2) is the gate's bound and effect is the
    /// observed improvement's margin over minDelta when it has one, else minDelta itself (the smallest improvement the
    /// gate is asked to detect). Null when there is no positive effect to detect or no spread to scale.
    /// </summary>
    public static int? RequiredRows(int rows, double standardError, double improvement, double minDelta, double confidence)
    {
        var effect = improvement > minDelta ? improvement - minDelta : minDelta;
        if (!(effect > 0) || !(standardError > 0) || rows <= 0)
        {
            return null;
        }

        var z = NormalQuantile(1 - ((1 - confidence) / 2)) + PowerZ;
        var needed = rows * Math.Pow(z * standardError / effect, 2);
        return needed >= int.MaxValue ? int.MaxValue : (int)Math.Ceiling(needed);
    }

    /// <summary>
    /// The paired block bootstrap of the improvement on <paramref name="metric"/>: rows are resampled with
    /// replacement (the same rows for both models) in contiguous blocks of <paramref name="blockRows"/> rows (1: single
    /// rows; see <see cref="BootstrapResampler"/>), the metric is computed for both, and the interval is the improvement
    /// on all rows ± <see cref="IntervalMultiple"/> (a t quantile for the number of blocks) times the resampled
    /// improvements' standard deviation. Resamples where the metric is undefined for either model (e.g. AUC of a
    /// one-class resample) are skipped. Null when the metric cannot be computed at all.
    /// </summary>
    public static MetricInterval? Bootstrap(
        HoldoutPredictions challenger,
        HoldoutPredictions champion,
        EvaluationMetric metric,
        double confidence,
        int iterations,
        int seed,
        int blockRows = 1) =>
        Bootstrap(challenger, champion, [metric], confidence, iterations, seed, blockRows: blockRows)[0];

    /// <summary>
    /// The paired block bootstrap of every metric in <paramref name="metrics"/> on one set of resamples: each
    /// interval is the one <see cref="Bootstrap(HoldoutPredictions, HoldoutPredictions, EvaluationMetric, double, int, int, int)"/>
    /// gives for that metric, seed and block length (the draws depend on those and the row count only), at the cost of drawing once.
    /// </summary>
    /// <remarks>
    /// Resample i draws k = ⌈n / <paramref name="blockRows"/>⌉ blocks of consecutive rows (n row indices when
    /// <paramref name="blockRows"/> is 1) with <c>new Random(seed)</c>, continuing where resample i − 1 stopped, and counts
    /// how often each block was drawn; every metric, prepared once per block (<see cref="WeightedMetric.InBlocks"/>), is
    /// then one pass over the k counts (AUC: over the k² pairs of blocks), not over the n rows; the point estimate is the
    /// row metric on all rows. The draws are made in order on the calling thread while the metrics of the previous batch of
    /// resamples are computed in parallel (at most <paramref name="maxDegreeOfParallelism"/> threads; −1: one per core);
    /// each resample's value is stored at its index, so the intervals do not depend on the number of threads.
    /// </remarks>
    /// <returns>One interval per metric, in order; null where the metric cannot be computed.</returns>
    public static IReadOnlyList<MetricInterval?> Bootstrap(
        HoldoutPredictions challenger,
        HoldoutPredictions champion,
        IReadOnlyList<EvaluationMetric> metrics,
        double confidence,
        int iterations,
        int seed,
        int maxDegreeOfParallelism = -1,
        int blockRows = 1)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(metrics);
        EnsurePaired(challenger.Count, champion.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 (one thread per core) or a positive number.");
        }

        var n = challenger.Count;
        var intervals = new MetricInterval?[metrics.Count];
        if (n == 0)
        {
            return intervals;
        }

        var ones = new int[n];
        Array.Fill(ones, 1);
        var prepared = new List<(int Slot, EvaluationMetric Metric, BlockMetric Challenger, BlockMetric Champion, double Point)>();
        for (var slot = 0; slot < metrics.Count; slot++)
        {
            var metric = metrics[slot];
            if (WeightedMetric.For(challenger, metric) is { } challengerMetric && WeightedMetric.For(champion, metric) is { } championMetric)
            {
                var point = Improvement(metric, challengerMetric.Compute(ones), championMetric.Compute(ones));
                if (double.IsFinite(point))
                {
                    prepared.Add((slot, metric, challengerMetric.InBlocks(blockRows), championMetric.InBlocks(blockRows), point));
                }
            }
        }

        if (prepared.Count == 0)
        {
            return intervals;
        }

        var improvements = new double[prepared.Count][];
        for (var p = 0; p < prepared.Count; p++)
        {
            improvements[p] = new double[iterations];
        }

        BootstrapResampler.Run(n, iterations, seed, maxDegreeOfParallelism, (blockCounts, iteration) =>
        {
            for (var p = 0; p < prepared.Count; p++)
            {
                var (_, metric, challengerMetric, championMetric, _) = prepared[p];
                improvements[p][iteration] = Improvement(metric, challengerMetric.Compute(blockCounts), championMetric.Compute(blockCounts));
            }
        }, blockRows);

        var multiple = IntervalMultiple(confidence, BootstrapResampler.Blocks(n, blockRows));
        for (var p = 0; p < prepared.Count; p++)
        {
            var (slot, metric, _, _, point) = prepared[p];
            intervals[slot] = Interval(metric, point, improvements[p], confidence, multiple);
        }

        return intervals;
    }

    /// <summary>
    /// The multiple of the bootstrap standard error that bounds an interval from <paramref name="units"/> independent
    /// resampling units (blocks): q = t₍ₖ₋₁₎(1 − α) · √(k/(k − 1)), α = (1 − confidence)/2. The bootstrap's spread from k
    /// units is √((k − 1)/k) of the statistic's, and a mean over k units wants a t with k − 1 degrees of freedom, not z:
    /// q · SE is then the batch-means t interval for a mean loss and the same idea for any metric. The percentile interval
    /// misses both, so with few blocks it covers far less often than it claims. Measured by simulation (true improvement
    /// 0, AR(1) errors φ 0.5, 95 % asked): 15 rows in blocks of 4, percentile 78 %, this 95 %; 168 rows in 13 blocks with
    /// heavy-tailed losses, percentile 89 %, this 95 %; 1,000 rows in 32 blocks, 92 % and 94 %
    /// (docs/backtest.md, "Eighth session"; <c>BlockBootstrapTests</c>). With fewer than two units, z.
    /// </summary>
    public static double IntervalMultiple(double confidence, int units)
    {
        var upper = 1 - ((1 - confidence) / 2);
        return units < 2
            ? NormalQuantile(upper)
            : MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, units - 1, upper) * Math.Sqrt(units / (units - 1.0));
    }

    /// <summary>
    /// point ± <paramref name="multiple"/> · the standard deviation of the finite resampled improvements (see
    /// <see cref="IntervalMultiple"/>), or null with fewer than two.
    /// </summary>
    private static MetricInterval? Interval(EvaluationMetric metric, double point, double[] improvements, double confidence, double multiple)
    {
        var samples = new List<double>(improvements.Length);
        foreach (var improvement in improvements)
        {
            if (double.IsFinite(improvement))
            {
                samples.Add(improvement);
            }
        }

        if (samples.Count < 2)
        {
            return null;
        }

        samples.Sort();
        var sd = StandardDeviation(samples);
        return new MetricInterval(metric, point, point - (multiple * sd), point + (multiple * sd), sd, confidence, samples.Count);
    }

    /// <summary>
    /// The sample standard deviation of <paramref name="sorted"/> (at least two values), summed in sorted order so that
    /// it does not depend on the order the resamples were stored in.
    /// </summary>
    internal static double StandardDeviation(List<double> sorted)
    {
        var mean = sorted.Average();
        return Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / (sorted.Count - 1));
    }

    private static double Improvement(EvaluationMetric metric, double challenger, double champion) =>
        double.IsFinite(challenger) && double.IsFinite(champion) ? metric.Improvement(challenger, champion) : double.NaN;

    private static double Horner(double[] coefficients, double x)
    {
        var value = 0.0;
        foreach (var coefficient in coefficients)
        {
            value = (value * x) + coefficient;
        }

        return value;
    }

    private static double LogBinomialPmfHalf(int k, int n)
    {
        var log = n * Math.Log(0.5);
        for (var i = 1; i <= k; i++)
        {
            log += Math.Log(n - i + 1) - Math.Log(i);
        }

        return log;
    }

    private static double LogAdd(double a, double b) =>
        a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));

    private static void EnsurePaired(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"Paired statistics need the same rows for both models; got {a} and {b} rows.");
        }
    }
}
