namespace RetrainFunctions.Core.Drift;

/// <summary>
/// The two-sample statistics behind drift verdicts, as pure functions. Shares are proportions that sum to 1;
/// samples are sorted ascending.
/// </summary>
public static class DriftStatistics
{
    /// <summary>The share a bin empty on one side is given before logarithms: 1e-4 (the usual PSI convention).</summary>
    public const double EmptyBinShare = 1e-4;

    /// <summary>
    /// Population stability index Σ (a − r)·ln(a / r) over bins; empty bins count as <see cref="EmptyBinShare"/>.
    /// </summary>
    public static double PopulationStabilityIndex(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        CheckSameLength(reference, current);
        var psi = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var r = Math.Max(reference[i], EmptyBinShare);
            var a = Math.Max(current[i], EmptyBinShare);
            psi += (a - r) * Math.Log(a / r);
        }

        return psi;
    }

    /// <summary>
    /// The PSI expected from sampling noise alone when both sides come from one distribution:
    /// (bins − 1)·(1/n + 1/m), since PSI·nm/(n+m) is approximately χ² with bins − 1 degrees of freedom.
    /// Subtracting it keeps the effect size from growing as batches shrink.
    /// </summary>
    public static double PsiSamplingBias(int bins, long referenceCount, long currentCount) =>
        referenceCount <= 0 || currentCount <= 0 ? 0 : (bins - 1) * ((1.0 / referenceCount) + (1.0 / currentCount));

    /// <summary>
    /// Shares of <paramref name="counts"/> with half a count added to every bin (the Jeffreys prior), so that a bin
    /// empty in a small sample does not weigh as if it were impossible; negligible for large samples.
    /// </summary>
    public static double[] SmoothedShares(IReadOnlyList<double> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum() + (0.5 * counts.Count);
        return [.. counts.Select(c => (c + 0.5) / total)];
    }

    /// <summary>
    /// The 1-Wasserstein distance expected from sampling noise alone when both samples come from the reference
    /// distribution F: √(2/π)·√(1/n + 1/m)·∫ √(F(1 − F)) dx (the mean absolute Brownian bridge), with the integral taken
    /// over the reference sample's empirical CDF.
    /// </summary>
    public static double WassersteinSamplingBias(IReadOnlyList<double> reference, long referenceCount, long currentCount)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Count < 2 || referenceCount <= 0 || currentCount <= 0)
        {
            return 0;
        }

        var integral = 0.0;
        for (var i = 1; i < reference.Count; i++)
        {
            var f = (double)i / reference.Count;
            integral += Math.Sqrt(f * (1 - f)) * (reference[i] - reference[i - 1]);
        }

        return Math.Sqrt(2 / Math.PI) * Math.Sqrt((1.0 / referenceCount) + (1.0 / currentCount)) * integral;
    }

    /// <summary>
    /// The Jensen–Shannon divergence (bits) expected from sampling noise alone over <paramref name="bins"/> bins:
    /// (bins − 1)·(1/n + 1/m) / (8·ln 2), from its second-order expansion ⅛·Σ (p − q)²/m.
    /// </summary>
    public static double JensenShannonSamplingBias(int bins, long referenceCount, long currentCount) =>
        referenceCount <= 0 || currentCount <= 0 ? 0 : (bins - 1) * ((1.0 / referenceCount) + (1.0 / currentCount)) / (8 * Math.Log(2));

    /// <summary>
    /// The L-infinity distance net of sampling noise: the largest |p − q| − √(2/π)·√(π(1 − π)(1/n + 1/m)) over bins,
    /// floored at 0, where π is the pooled share (the second term is the mean |p − q| when nothing changed).
    /// </summary>
    public static double LInfinityNet(IReadOnlyList<double> reference, IReadOnlyList<double> current, long referenceCount, long currentCount)
    {
        CheckSameLength(reference, current);
        if (referenceCount <= 0 || currentCount <= 0)
        {
            return 0;
        }

        var inverse = (1.0 / referenceCount) + (1.0 / currentCount);
        var net = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var pooled = ((reference[i] * referenceCount) + (current[i] * currentCount)) / (referenceCount + currentCount);
            net = Math.Max(net, Math.Abs(reference[i] - current[i]) - (Math.Sqrt(2 / Math.PI) * Math.Sqrt(pooled * (1 - pooled) * inverse)));
        }

        return net;
    }

    /// <summary>Jensen–Shannon distance (square root of the divergence, base 2): 0 for equal distributions, 1 for disjoint ones.</summary>
    public static double JensenShannonDistance(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        CheckSameLength(reference, current);
        var divergence = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var (p, q) = (reference[i], current[i]);
            var m = (p + q) / 2;
            if (p > 0)
            {
                divergence += 0.5 * p * Math.Log2(p / m);
            }

            if (q > 0)
            {
                divergence += 0.5 * q * Math.Log2(q / m);
            }
        }

        return Math.Sqrt(Math.Clamp(divergence, 0, 1));
    }

    /// <summary>L-infinity distance: the largest absolute difference of shares in any bin or category.</summary>
    public static double LInfinity(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        CheckSameLength(reference, current);
        return reference.Select((r, i) => Math.Abs(r - current[i])).DefaultIfEmpty(0).Max();
    }

    /// <summary>The two-sample Kolmogorov–Smirnov statistic: the largest gap between the empirical CDFs.</summary>
    public static double KolmogorovSmirnov(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        int i = 0, j = 0;
        var d = 0.0;
        while (i < reference.Count && j < current.Count)
        {
            var x = Math.Min(reference[i], current[j]);
            while (i < reference.Count && reference[i] == x)
            {
                i++;
            }

            while (j < current.Count && current[j] == x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / reference.Count) - ((double)j / current.Count)));
        }

        return d;
    }

    /// <summary>
    /// The asymptotic p-value of a two-sample KS statistic: Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D) with nₑ = nm/(n+m)
    /// and Q_KS(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²) (Numerical Recipes §14.3).
    /// </summary>
    public static double KolmogorovSmirnovPValue(double statistic, long n, long m)
    {
        if (n <= 0 || m <= 0)
        {
            return 1;
        }

        var ne = (double)n * m / (n + m);
        var sqrt = Math.Sqrt(ne);
        var lambda = (sqrt + 0.12 + (0.11 / sqrt)) * statistic;
        if (lambda < 1e-3)
        {
            return 1;
        }

        var sum = 0.0;
        var sign = 1.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12)
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>The 1-Wasserstein (earth mover's) distance between two samples: ∫ |F(x) − G(x)| dx over the empirical CDFs.</summary>
    public static double Wasserstein(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count == 0 || current.Count == 0)
        {
            return 0;
        }

        int i = 0, j = 0;
        var distance = 0.0;
        var previous = Math.Min(reference[0], current[0]);
        while (i < reference.Count || j < current.Count)
        {
            var x = j >= current.Count || (i < reference.Count && reference[i] <= current[j]) ? reference[i] : current[j];
            distance += Math.Abs(((double)i / reference.Count) - ((double)j / current.Count)) * (x - previous);
            while (i < reference.Count && reference[i] == x)
            {
                i++;
            }

            while (j < current.Count && current[j] == x)
            {
                j++;
            }

            previous = x;
        }

        return distance;
    }

    /// <summary>
    /// Pearson's χ² test of homogeneity on a 2×k table of counts (reference row, current row); columns empty on both
    /// sides are dropped. Returns the statistic, its degrees of freedom (k − 1) and the upper-tail p-value.
    /// </summary>
    public static (double Statistic, int DegreesOfFreedom, double PValue) ChiSquare(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ArgumentException("Both rows need the same number of columns.", nameof(current));
        }

        double n = reference.Sum(), m = current.Sum();
        if (n == 0 || m == 0)
        {
            return (0, 0, 1);
        }

        var statistic = 0.0;
        var columns = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            double total = reference[i] + current[i];
            if (total == 0)
            {
                continue;
            }

            columns++;
            var expectedReference = total * n / (n + m);
            var expectedCurrent = total * m / (n + m);
            statistic += (Math.Pow(reference[i] - expectedReference, 2) / expectedReference) + (Math.Pow(current[i] - expectedCurrent, 2) / expectedCurrent);
        }

        var df = columns - 1;
        return (statistic, df, df <= 0 ? 1 : ChiSquareSurvival(statistic, df));
    }

    /// <summary>P(χ²_df ≥ x): the regularized upper incomplete gamma function Q(df/2, x/2).</summary>
    public static double ChiSquareSurvival(double x, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return x <= 0 ? 1 : UpperRegularizedGamma(degreesOfFreedom / 2.0, x / 2);
    }

    /// <summary>Benjamini–Hochberg adjusted p-values (false discovery rate), in the input order.</summary>
    public static IReadOnlyList<double> BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, pValues[i] * m / rank);
            adjusted[i] = Math.Min(running, 1);
        }

        return adjusted;
    }

    private static double UpperRegularizedGamma(double a, double x)
    {
        var lnGammaA = LogGamma(a);
        if (x < a + 1)
        {
            // Series for P(a, x), then Q = 1 − P.
            double sum = 1 / a, term = sum;
            for (var n = 1; n < 1000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15)
                {
                    break;
                }
            }

            return Math.Clamp(1 - (sum * Math.Exp((-x) + (a * Math.Log(x)) - lnGammaA)), 0, 1);
        }

        // Continued fraction for Q(a, x) (modified Lentz).
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return Math.Clamp(Math.Exp((-x) + (a * Math.Log(x)) - lnGammaA) * h, 0, 1);
    }

    private static double LogGamma(double x)
    {
        // Lanczos approximation (g = 7, n = 9), accurate to about 1e-15 for x > 0.
        ReadOnlySpan<double> c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = c[0];
        for (var i = 1; i < 9; i++)
        {
            sum += c[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private static void CheckSameLength(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ArgumentException("Both distributions need the same bins.", nameof(current));
        }
    }
}
