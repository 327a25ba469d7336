using System.Globalization;
using RetrainFunctions.Core.Drift.Measures;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift;

/// <summary>
/// Compares two profiles column by column and decides drift on effect sizes. Pure: no storage.
/// </summary>
/// <remarks>
/// <para>A numeric column drifts when its PSI net of sampling bias reaches <see cref="DriftSpec.PsiThreshold"/> and its
/// Wasserstein distance in reference standard deviations reaches <see cref="DriftSpec.WassersteinThreshold"/>: the shape
/// changed, and by a material amount. PSI and Jensen–Shannon use reference-quantile bins (values tied in the
/// reference go to their mid-rank, so a constant reference still separates values below and above it); KS and
/// Wasserstein compare the profiles' samples.</para>
/// <para>A categorical column drifts when its Jensen–Shannon distance reaches <see cref="DriftSpec.JensenShannonThreshold"/>
/// and some category's share moved by <see cref="DriftSpec.LInfinityThreshold"/>, both net of sampling noise.</para>
/// <para>None of these grows with the number of rows, so the verdict does not flip with sample size. The KS and χ²
/// p-values are Benjamini–Hochberg corrected across the features and reported as <see cref="FeatureDrift.Significant"/>.</para>
/// <para>The statistics are the <see cref="IDriftMeasure"/>s of a <see cref="DriftMeasureRegistry"/> (one class each in
/// <c>Measures/</c>); the rule above is theirs: a measurement with a threshold judges, and a column drifts when all of
/// them reach their thresholds, so a registered measure that returns a threshold joins the verdict.</para>
/// </remarks>
public static class DriftDetector
{
    /// <summary>Compares <paramref name="current"/> with <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference profile.</param>
    /// <param name="current">The new data's profile.</param>
    /// <param name="spec">Thresholds.</param>
    /// <param name="referenceKind">What the reference is.</param>
    /// <param name="referenceDescription">The reference in words.</param>
    /// <param name="importance">Feature importances of the production model, or null for equal weights.</param>
    /// <param name="measures">The measures to apply, or null for the built-in ones (<see cref="DriftMeasureRegistry.BuiltIn"/>).</param>
    public static DriftReport Compare(
        DatasetProfile reference,
        DatasetProfile current,
        DriftSpec spec,
        DriftReferenceKind referenceKind,
        string referenceDescription,
        IReadOnlyDictionary<string, double>? importance = null,
        DriftMeasureRegistry? measures = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(referenceDescription);

        var weighted = importance is not null && importance.Values.Any(v => v > 0);
        var features = new List<FeatureDrift>();
        foreach (var column in current.Features)
        {
            if (reference.Feature(column.Name) is { } before && before.Kind == column.Kind)
            {
                var weight = weighted ? Math.Max(0, importance!.GetValueOrDefault(column.Name)) : 1;
                features.Add(CompareColumn(before, column, spec, measures) with { Weight = weight });
            }
        }

        var label = reference.Label.Kind == current.Label.Kind ? CompareColumn(reference.Label, current.Label, spec, measures) : null;
        var tested = label is null ? features : [.. features, label];
        var adjusted = DriftStatistics.BenjaminiHochberg([.. tested.Select(f => f.PValue ?? 1)]);
        var corrected = tested.Select((f, i) => f with { AdjustedPValue = adjusted[i], Significant = adjusted[i] < spec.FalseDiscoveryRate }).ToList();
        features = [.. corrected.Take(features.Count).OrderByDescending(f => f.Drifted).ThenByDescending(f => f.Score)];
        label = label is null ? null : corrected[^1];

        var totalWeight = features.Sum(f => f.Weight);
        var share = totalWeight > 0 ? features.Where(f => f.Drifted).Sum(f => f.Weight) / totalWeight : 0;
        return new DriftReport
        {
            Reference = referenceKind,
            ReferenceDescription = referenceDescription,
            ReferenceRows = reference.Rows,
            CurrentRows = current.Rows,
            Features = features,
            Label = label,
            Weighting = weighted ? DriftWeighting.Importance : DriftWeighting.Equal,
            DriftedShare = share,
            DatasetDrifted = features.Count > 0 && share >= spec.DatasetDriftShare,
            Thresholds = spec,
        };
    }

    /// <summary>
    /// Compares one column of two profiles (no p-value correction) with every measure of <paramref name="measures"/>
    /// (the built-in ones when null) that applies to the column's kind.
    /// </summary>
    public static FeatureDrift CompareColumn(ColumnProfile reference, ColumnProfile current, DriftSpec spec, DriftMeasureRegistry? measures = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(spec);
        if (reference.Kind != current.Kind)
        {
            throw new ArgumentException($"Column '{current.Name}' is {current.Kind} now but {reference.Kind} in the reference.", nameof(current));
        }

        long referenceCount, currentCount;
        DistributionChart? chart = null;
        if (reference.Kind == ColumnKind.Numeric)
        {
            var (before, after) = MeasureInputs.Samples(reference, current);
            (referenceCount, currentCount) = (before.Count, after.Count);
            chart = referenceCount > 0 && currentCount > 0 ? NumericChart(before, after) : null;
        }
        else
        {
            var counts = MeasureInputs.Categories(reference, current);
            (referenceCount, currentCount) = (counts.ReferenceTotal, counts.CurrentTotal);
            chart = referenceCount > 0 && currentCount > 0 ? new DistributionChart(counts.Categories, counts.ReferenceShares, counts.CurrentShares) : null;
        }

        var drift = new FeatureDrift { Column = current.Name, Kind = current.Kind, Drifted = false, Score = 0, ReferenceCount = referenceCount, CurrentCount = currentCount };
        return chart is null ? drift : Judge(drift, (measures ?? DriftMeasureRegistry.BuiltIn).Measure(reference, current, spec)) with { Chart = chart };
    }

    /// <summary>
    /// The verdict: the column drifted when it has judging measurements and every one reaches its threshold; the score
    /// is the smallest ratio of judged value to threshold. The built-in measures also fill the fields named after them.
    /// </summary>
    private static FeatureDrift Judge(FeatureDrift drift, IReadOnlyList<DriftMeasurement> measurements)
    {
        var judging = measurements.Where(m => m.Threshold is not null && m.Judged is not null).ToList();
        DriftMeasurement? M(string name) => measurements.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        return drift with
        {
            Drifted = judging.Count > 0 && judging.All(m => m.Drifted),
            Score = judging.Count > 0 ? judging.Min(m => m.Judged!.Value / m.Threshold!.Value) : 0,
            Psi = M(nameof(FeatureDrift.Psi))?.Value,
            PsiCorrected = M(nameof(FeatureDrift.Psi))?.Judged,
            KolmogorovSmirnov = M(nameof(FeatureDrift.KolmogorovSmirnov))?.Value,
            Wasserstein = M(nameof(FeatureDrift.Wasserstein))?.Value,
            NormalizedWasserstein = M(nameof(FeatureDrift.Wasserstein))?.Judged,
            JensenShannon = M(nameof(FeatureDrift.JensenShannon))?.Value,
            JensenShannonNet = M(nameof(FeatureDrift.JensenShannon))?.Judged,
            ChiSquare = M(nameof(FeatureDrift.ChiSquare))?.Value,
            LInfinity = M(nameof(FeatureDrift.LInfinity))?.Value,
            LInfinityNet = M(nameof(FeatureDrift.LInfinity))?.Judged,
            PValue = measurements.FirstOrDefault(m => m.PValue is not null)?.PValue,
            Measures = measurements,
        };
    }

    /// <summary>
    /// Counts of <paramref name="values"/> in <paramref name="bins"/> equal-frequency bins of the sorted
    /// <paramref name="reference"/>: a value's position is its mid-rank among the reference values, so ties stay together.
    /// </summary>
    internal static double[] RankBinCounts(IReadOnlyList<double> reference, IReadOnlyList<double> values, int bins)
    {
        var counts = new double[bins];
        var n = reference.Count;
        foreach (var v in values)
        {
            var below = LowerBound(reference, v);
            var upTo = UpperBound(reference, v);
            var position = (below + upTo) / 2.0 / n;
            counts[Math.Clamp((int)(position * bins), 0, bins - 1)]++;
        }

        return counts;
    }

    private static DistributionChart NumericChart(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        const int bins = 20;
        var lo = Math.Min(before[0], after[0]);
        var hi = Math.Max(before[^1], after[^1]);
        var width = hi > lo ? (hi - lo) / bins : 1;
        double[] Shares(IReadOnlyList<double> sample)
        {
            var shares = new double[bins];
            foreach (var v in sample)
            {
                shares[Math.Clamp((int)((v - lo) / width), 0, bins - 1)] += 1.0 / sample.Count;
            }

            return shares;
        }

        var labels = Enumerable.Range(0, bins).Select(i => (lo + (i * width)).ToString("G4", CultureInfo.InvariantCulture)).ToList();
        return new DistributionChart(labels, Shares(before), Shares(after));
    }

    private static int LowerBound(IReadOnlyList<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(IReadOnlyList<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
