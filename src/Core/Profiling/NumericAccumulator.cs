namespace RetrainFunctions.Core.Profiling;

/// <summary>One pass over a numeric column: Welford moments, min/max, a seeded reservoir sample (with the label of each sampled row) and exact histogram counts.</summary>
internal sealed class NumericAccumulator(string name)
{
    private readonly double[] _sample = new double[DatasetProfiler.SampleSize];
    private readonly int[] _sampleLabels = new int[DatasetProfiler.SampleSize];
    private ulong _random = 0x9E3779B97F4A7C15UL;
    private long _count;
    private long _missing;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double[]? _edges;
    private long[]? _counts;
    private double _binLow;
    private double _binScale;
    private long _nextReplacement;
    private double _w;

    public void ObserveMissing() => _missing++;

    public void Observe(double value, int label)
    {
        _count++;
        var delta = value - _mean;
        _mean += delta / _count;
        _m2 += delta * (value - _mean);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);

        if (_count <= _sample.Length)
        {
            _sample[_count - 1] = value;
            _sampleLabels[_count - 1] = label;
            if (_count == _sample.Length)
            {
                FixEdges();
                _w = Math.Exp(Math.Log(NextUniform()) / _sample.Length);
                _nextReplacement = _count + NextSkip();
            }

            return;
        }

        _counts![Bin(value)]++;
        if (_count == _nextReplacement)
        {
            // Reservoir sampling, algorithm L (Li 1994): draws only when a value enters the sample.
            var slot = (int)(NextRandom() % (ulong)_sample.Length);
            _sample[slot] = value;
            _sampleLabels[slot] = label;
            _w *= Math.Exp(Math.Log(NextUniform()) / _sample.Length);
            _nextReplacement = _count + NextSkip();
        }
    }

    public ColumnProfile Build(int labelClasses)
    {
        var kept = (int)Math.Min(_count, _sample.Length);
        if (_edges is null && kept > 0)
        {
            FixEdges();
        }

        var order = Enumerable.Range(0, kept).OrderBy(i => _sample[i]).ToArray();
        var sorted = order.Select(i => _sample[i]).ToArray();
        return new ColumnProfile
        {
            Name = name,
            Kind = ColumnKind.Numeric,
            Count = _count,
            Missing = _missing,
            Min = _count > 0 ? _min : null,
            Max = _count > 0 ? _max : null,
            Mean = _count > 0 ? _mean : null,
            Std = _count > 1 ? Math.Sqrt(_m2 / (_count - 1)) : _count == 1 ? 0 : null,
            Quantiles = kept == 0 ? [] : [.. DatasetProfiler.QuantileProbabilities.Select(p => new Quantile(p, SortedQuantile(sorted, p)))],
            Histogram = _edges is null ? null : new Histogram(_edges, _counts!),
            Sample = sorted,
            LabelAgreement = labelClasses > 0 ? Agreement(sorted, [.. order.Select(i => _sampleLabels[i])], labelClasses) : null,
        };
    }

    /// <summary>The p-quantile of sorted values, linear interpolation between order statistics (type 7).</summary>
    public static double SortedQuantile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>
    /// How well the value alone predicts the label: the better of the best single-threshold split (both sides
    /// predict their majority class) and the label purity over about 20 equal-frequency bins that never split ties
    /// (bins of at least 50 rows). Null below 100 rows.
    /// </summary>
    private static double? Agreement(double[] values, int[] labels, int classes)
    {
        if (values.Length < 100 || labels.Any(l => l < 0))
        {
            return null;
        }

        var total = new int[classes];
        foreach (var label in labels)
        {
            total[label]++;
        }

        var left = new int[classes];
        var best = total.Max();
        for (var i = 0; i < values.Length - 1; i++)
        {
            left[labels[i]]++;
            if (values[i + 1] != values[i])
            {
                var right = 0;
                for (var c = 0; c < classes; c++)
                {
                    right = Math.Max(right, total[c] - left[c]);
                }

                best = Math.Max(best, left.Max() + right);
            }
        }

        var binSize = Math.Max(50, values.Length / 20);
        var counts = new int[classes];
        long purity = 0;
        var inBin = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (inBin >= binSize && values[i] != values[i - 1])
            {
                purity += counts.Max();
                Array.Clear(counts);
                inBin = 0;
            }

            counts[labels[i]]++;
            inBin++;
        }

        purity += counts.Max();
        return Math.Max(best, purity) / (double)values.Length;
    }

    private void FixEdges()
    {
        var kept = (int)Math.Min(_count, _sample.Length);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < kept; i++)
        {
            lo = Math.Min(lo, _sample[i]);
            hi = Math.Max(hi, _sample[i]);
        }

        if (lo == hi)
        {
            _edges = [lo - 0.5, lo + 0.5];
        }
        else
        {
            var bins = DatasetProfiler.HistogramBins;
            _edges = [.. Enumerable.Range(0, bins + 1).Select(i => i == bins ? hi : lo + ((hi - lo) * i / bins))];
        }

        _binLow = _edges[0];
        _binScale = _edges.Length == DatasetProfiler.HistogramBins + 1 ? DatasetProfiler.HistogramBins / (hi - lo) : 0;
        _counts = new long[_edges.Length + 1];
        for (var i = 0; i < kept; i++)
        {
            _counts[Histogram.BinOf(_edges, _sample[i])]++;
        }
    }

    private int Bin(double value)
    {
        if (_binScale > 0)
        {
            var position = (value - _binLow) * _binScale;
            if (position >= 0 && position < DatasetProfiler.HistogramBins)
            {
                return 1 + (int)position;
            }
        }

        return Histogram.BinOf(_edges!, value);
    }

    private long NextSkip() => 1 + (long)Math.Floor(Math.Log(NextUniform()) / Math.Log(1 - _w));

    private double NextUniform() => ((NextRandom() >> 11) + 0.5) * (1.0 / (1UL << 53));

    private ulong NextRandom()
    {
        // SplitMix64: deterministic, so the same data always gives the same sample.
        var z = _random += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
