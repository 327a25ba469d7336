using System.Globalization;
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
    public static DriftReport Compare(
        DatasetProfile reference,
        DatasetProfile current,
        DriftSpec spec,
        DriftReferenceKind referenceKind,
        string referenceDescription,
        IReadOnlyDictionary<string, double>? importance = null)
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
                features.Add(CompareColumn(before, column, spec) with { Weight = weight });
            }
        }

        var label = reference.Label.Kind == current.Label.Kind ? CompareColumn(reference.Label, current.Label, spec) : null;
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

    /// <summary>Compares one column of two profiles (no p-value correction).</summary>
    public static FeatureDrift CompareColumn(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(spec);
        if (reference.Kind != current.Kind)
        {
            throw new ArgumentException($"Column '{current.Name}' is {current.Kind} now but {reference.Kind} in the reference.", nameof(current));
        }

        return reference.Kind == ColumnKind.Numeric ? CompareNumeric(reference, current, spec) : CompareCategorical(reference, current, spec);
    }

    private static FeatureDrift CompareNumeric(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        var before = reference.Sample ?? [];
        var after = current.Sample ?? [];
        if (before.Count == 0 || after.Count == 0)
        {
            return new FeatureDrift { Column = current.Name, Kind = ColumnKind.Numeric, Drifted = false, Score = 0, ReferenceCount = before.Count, CurrentCount = after.Count };
        }

        var bins = Math.Clamp(Math.Min(before.Count, after.Count) / 10, 2, spec.Bins);
        var referenceCounts = RankBinCounts(before, before, bins);
        var currentCounts = RankBinCounts(before, after, bins);
        var psi = DriftStatistics.PopulationStabilityIndex(DriftStatistics.SmoothedShares(referenceCounts), DriftStatistics.SmoothedShares(currentCounts));
        var psiCorrected = Math.Max(0, psi - DriftStatistics.PsiSamplingBias(bins, before.Count, after.Count));
        var ks = DriftStatistics.KolmogorovSmirnov(before, after);
        var wasserstein = DriftStatistics.Wasserstein(before, after);
        var scale = reference.Std ?? 0;
        var netWasserstein = Math.Max(0, wasserstein - DriftStatistics.WassersteinSamplingBias(before, before.Count, after.Count));
        var normalized = scale > 0 ? netWasserstein / scale : netWasserstein == 0 ? 0 : double.PositiveInfinity;
        var drifted = psiCorrected >= spec.PsiThreshold && normalized >= spec.WassersteinThreshold;
        return new FeatureDrift
        {
            Column = current.Name,
            Kind = ColumnKind.Numeric,
            Drifted = drifted,
            Score = Math.Min(psiCorrected / spec.PsiThreshold, normalized / spec.WassersteinThreshold),
            ReferenceCount = before.Count,
            CurrentCount = after.Count,
            Psi = psi,
            PsiCorrected = psiCorrected,
            KolmogorovSmirnov = ks,
            Wasserstein = wasserstein,
            NormalizedWasserstein = normalized,
            JensenShannon = DriftStatistics.JensenShannonDistance(Shares(referenceCounts), Shares(currentCounts)),
            PValue = DriftStatistics.KolmogorovSmirnovPValue(ks, before.Count, after.Count),
            Chart = NumericChart(before, after),
        };
    }

    private static FeatureDrift CompareCategorical(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        var before = reference.TopCategories ?? new Dictionary<string, long>();
        var after = current.TopCategories ?? new Dictionary<string, long>();
        var categories = before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var referenceCounts = categories.Select(c => before.GetValueOrDefault(c)).ToList();
        var currentCounts = categories.Select(c => after.GetValueOrDefault(c)).ToList();
        if (reference.OtherCount > 0 || current.OtherCount > 0)
        {
            categories.Add("(other)");
            referenceCounts.Add(reference.OtherCount);
            currentCounts.Add(current.OtherCount);
        }

        double n = referenceCounts.Sum(), m = currentCounts.Sum();
        if (n == 0 || m == 0)
        {
            return new FeatureDrift { Column = current.Name, Kind = ColumnKind.Categorical, Drifted = false, Score = 0, ReferenceCount = (long)n, CurrentCount = (long)m };
        }

        var referenceShares = referenceCounts.Select(c => c / n).ToList();
        var currentShares = currentCounts.Select(c => c / m).ToList();
        var js = DriftStatistics.JensenShannonDistance(referenceShares, currentShares);
        var jsNet = Math.Sqrt(Math.Max(0, (js * js) - DriftStatistics.JensenShannonSamplingBias(categories.Count, (long)n, (long)m)));
        var linf = DriftStatistics.LInfinity(referenceShares, currentShares);
        var linfNet = DriftStatistics.LInfinityNet(referenceShares, currentShares, (long)n, (long)m);
        var (chi, _, p) = DriftStatistics.ChiSquare(referenceCounts, currentCounts);
        return new FeatureDrift
        {
            Column = current.Name,
            Kind = ColumnKind.Categorical,
            Drifted = jsNet >= spec.JensenShannonThreshold && linfNet >= spec.LInfinityThreshold,
            Score = Math.Min(jsNet / spec.JensenShannonThreshold, linfNet / spec.LInfinityThreshold),
            ReferenceCount = (long)n,
            CurrentCount = (long)m,
            JensenShannon = js,
            JensenShannonNet = jsNet,
            ChiSquare = chi,
            LInfinity = linf,
            LInfinityNet = linfNet,
            PValue = p,
            Chart = new DistributionChart(categories, referenceShares, currentShares),
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

    private static double[] Shares(double[] counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => c / total)];
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
