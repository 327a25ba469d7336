namespace RetrainFunctions.Core.Specs;

/// <summary>Pearson and Spearman correlation over the rows where both values are present (NaN marks a missing value).</summary>
internal static class Correlations
{
    /// <summary>
    /// Spearman's rank correlation: Pearson's correlation of the average ranks (ties share the mean of their ranks) of
    /// the rows where neither value is NaN. Null when fewer than <paramref name="minPairs"/> rows remain or either side is
    /// constant on them.
    /// </summary>
    public static double? Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int minPairs = 2)
    {
        var length = Math.Min(x.Length, y.Length);
        var xs = new List<double>(length);
        var ys = new List<double>(length);
        for (var i = 0; i < length; i++)
        {
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i]))
            {
                xs.Add(x[i]);
                ys.Add(y[i]);
            }
        }

        return xs.Count < Math.Max(2, minPairs) ? null : Pearson(AverageRanks(xs), AverageRanks(ys));
    }

    /// <summary>Pearson's correlation of two equally long series without missing values; null when either is constant.</summary>
    public static double? Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2)
        {
            return null;
        }

        double meanX = 0, meanY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= x.Length;
        meanY /= y.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx > 0 && syy > 0 ? Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1) : null;
    }

    /// <summary>The rank of each value (1-based) in ascending order; tied values share the average of their ranks.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var keys = values.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var ranks = new double[keys.Length];
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            var rank = ((start + end - 1) / 2.0) + 1;
            for (var i = start; i < end; i++)
            {
                ranks[order[i]] = rank;
            }

            start = end;
        }

        return ranks;
    }
}
