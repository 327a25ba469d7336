using System.Globalization;
using System.Numerics.Tensors;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Finds numeric columns that give a numeric label away: a column equal to the label on at least 99 % of the rows or
/// with |Pearson correlation| ≥ 0.99 to it, and pairs of columns whose sum or difference is (Bike sharing's
/// <c>casual</c> + <c>registered</c> = <c>cnt</c>). Such columns are only known together with the outcome.
/// </summary>
/// <remarks>
/// Rows without a label are ignored; a missing feature value never equals the label and counts at the column's mean in
/// the correlations. The equality rules are skipped when one label value covers 99 % of the rows (anything mostly equal
/// to a constant would match). Pair correlations come from one covariance matrix, so the pair search is O(n·k²) for k
/// columns and n rows, and it is skipped above <see cref="MaxPairColumns"/> columns.
/// </remarks>
internal static class LabelLeakFinder
{
    /// <summary>The share of equal rows, and the |correlation|, from which a column or pair counts as the label.</summary>
    public const double Threshold = 0.99;

    /// <summary>The most columns whose pairs are searched.</summary>
    public const int MaxPairColumns = 200;

    private const double RelativeTolerance = 1e-9;

    /// <summary>Returns, for each leaking column, why it leaks; adds a note when the pair search is skipped.</summary>
    public static Dictionary<string, string> Find(IReadOnlyList<SampledColumn> columns, ReadOnlySpan<double> label, string labelName, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(notes);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var labelled = LabelledRows(label);
        if (labelled.Count == 0 || columns.Count == 0)
        {
            return reasons;
        }

        var y = Pick(label, labelled);
        var centredY = Centred(y);
        var checkEquality = y.CountBy(v => v).Max(g => g.Value) < Threshold * y.Length;
        var values = new List<double[]>(columns.Count);
        var centred = new List<double[]>(columns.Count);
        foreach (var column in columns)
        {
            var x = Pick(column.Numbers, labelled);
            values.Add(x);
            centred.Add(Centred(x));
        }

        var labelVariance = TensorPrimitives.Dot<double>(centredY, centredY);
        var remaining = new List<int>();
        for (var c = 0; c < columns.Count; c++)
        {
            var share = checkEquality ? EqualShare(values[c], 1, null, 0, y) : 0;
            var correlation = Correlation(TensorPrimitives.Dot<double>(centred[c], centredY), TensorPrimitives.Dot<double>(centred[c], centred[c]), labelVariance);
            if (share >= Threshold)
            {
                reasons[columns[c].Name] = string.Create(CultureInfo.InvariantCulture, $"equal to the label '{labelName}' on {share * 100:0.0}% of rows (label leakage: known only with the outcome)");
            }
            else if (Math.Abs(correlation) >= Threshold)
            {
                reasons[columns[c].Name] = string.Create(CultureInfo.InvariantCulture, $"correlation {correlation:0.000} with the label '{labelName}' (label leakage: known only with the outcome)");
            }

            // A leaking column stays in the pair search: its partner in a sum that equals the label leaks too (on a
            // quiet stretch of Bike sharing, 'registered' alone correlates 0.99 with 'cnt'; 'casual' is the rest). Only
            // the equality rule applies to such pairs: adding any small column to it would keep the correlation.
            remaining.Add(c);
        }

        if (remaining.Count > MaxPairColumns)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Label leakage: {remaining.Count} numeric columns, more than {MaxPairColumns}; pairs whose sum or difference gives the label away were not searched."));
            return reasons;
        }

        FindPairLeaks(columns, remaining, values, centred, y, centredY, labelVariance, checkEquality, labelName, reasons);
        return reasons;
    }

    /// <summary>The indexes of the rows that have a label.</summary>
    private static List<int> LabelledRows(ReadOnlySpan<double> label)
    {
        var labelled = new List<int>(label.Length);
        for (var i = 0; i < label.Length; i++)
        {
            if (!double.IsNaN(label[i]))
            {
                labelled.Add(i);
            }
        }

        return labelled;
    }

    /// <summary>
    /// Adds the pairs of <paramref name="remaining"/> columns whose sum or difference equals the label, or (when neither
    /// already leaks) correlates with it, to <paramref name="reasons"/>; correlations come from one covariance matrix.
    /// </summary>
    private static void FindPairLeaks(
        IReadOnlyList<SampledColumn> columns,
        List<int> remaining,
        List<double[]> values,
        List<double[]> centred,
        double[] y,
        double[] centredY,
        double labelVariance,
        bool checkEquality,
        string labelName,
        Dictionary<string, string> reasons)
    {
        var covariance = new double[remaining.Count, remaining.Count];
        var withLabel = new double[remaining.Count];
        for (var i = 0; i < remaining.Count; i++)
        {
            withLabel[i] = TensorPrimitives.Dot<double>(centred[remaining[i]], centredY);
            for (var j = i; j < remaining.Count; j++)
            {
                covariance[i, j] = TensorPrimitives.Dot<double>(centred[remaining[i]], centred[remaining[j]]);
            }
        }

        for (var i = 0; i < remaining.Count; i++)
        {
            for (var j = i + 1; j < remaining.Count; j++)
            {
                var (a, b) = (columns[remaining[i]].Name, columns[remaining[j]].Name);
                var alreadyLeaking = reasons.ContainsKey(a) || reasons.ContainsKey(b);
                var leak = PairLeak(values[remaining[i]], values[remaining[j]], y, checkEquality, a, b, labelName)
                    ?? (alreadyLeaking ? null : PairCorrelationLeak(covariance[i, i], covariance[j, j], covariance[i, j], withLabel[i], withLabel[j], labelVariance, a, b, labelName));
                if (leak is not null)
                {
                    reasons.TryAdd(a, leak);
                    reasons.TryAdd(b, leak);
                }
            }
        }
    }

    private static string? PairLeak(double[] x, double[] z, double[] y, bool checkEquality, string a, string b, string labelName)
    {
        if (!checkEquality)
        {
            return null;
        }

        foreach (var (sx, sz, text) in new[] { (1.0, 1.0, $"'{a}' + '{b}'"), (1.0, -1.0, $"'{a}' - '{b}'"), (-1.0, 1.0, $"'{b}' - '{a}'") })
        {
            var share = EqualShare(x, sx, z, sz, y);
            if (share >= Threshold)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{text} equals the label '{labelName}' on {share * 100:0.0}% of rows (label leakage; both are left out)");
            }
        }

        return null;
    }

    private static string? PairCorrelationLeak(double varianceA, double varianceB, double covariance, double covA, double covB, double labelVariance, string a, string b, string labelName)
    {
        foreach (var (sign, text) in new[] { (1.0, $"'{a}' + '{b}'"), (-1.0, $"'{a}' - '{b}'") })
        {
            var correlation = Correlation(covA + (sign * covB), varianceA + varianceB + (2 * sign * covariance), labelVariance);
            if (Math.Abs(correlation) >= Threshold)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{text} has correlation {correlation:0.000} with the label '{labelName}' (label leakage; both are left out)");
            }
        }

        return null;
    }

    /// <summary>Pearson's correlation from centred sums of products; 0 when either side has (numerically) no variance.</summary>
    private static double Correlation(double covariance, double variance, double labelVariance) =>
        variance > 1e-12 && labelVariance > 1e-12 ? Math.Clamp(covariance / Math.Sqrt(variance * labelVariance), -1, 1) : 0;

    /// <summary>
    /// The share of rows where <c>sx·x + sz·z</c> equals <paramref name="y"/> within a relative tolerance of 1e-9, or 0 as
    /// soon as more than 1 % of the rows differ (so a pair that does not match costs about 1 % of the rows).
    /// </summary>
    private static double EqualShare(double[] x, double sx, double[]? z, double sz, double[] y)
    {
        var allowed = (int)Math.Floor((1 - Threshold) * y.Length);
        var differing = 0;
        for (var r = 0; r < y.Length; r++)
        {
            var value = (sx * x[r]) + (z is null ? 0 : sz * z[r]);
            if (!(Math.Abs(value - y[r]) <= RelativeTolerance * Math.Max(1, Math.Max(Math.Abs(value), Math.Abs(y[r])))) && ++differing > allowed)
            {
                return 0;
            }
        }

        return 1 - ((double)differing / y.Length);
    }

    /// <summary>The values at <paramref name="rows"/>; NaN beyond the end of <paramref name="source"/>.</summary>
    private static double[] Pick(ReadOnlySpan<double> source, List<int> rows)
    {
        var picked = new double[rows.Count];
        for (var i = 0; i < picked.Length; i++)
        {
            picked[i] = rows[i] < source.Length ? source[rows[i]] : double.NaN;
        }

        return picked;
    }

    /// <summary>The values minus their mean, with missing values (NaN) at 0 (the mean).</summary>
    private static double[] Centred(double[] values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        var mean = present.Length == 0 ? 0 : present.Average();
        return [.. values.Select(v => double.IsNaN(v) ? 0 : v - mean)];
    }
}
