using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>
/// The Jensen–Shannon distance (base 2) on the PSI bins (numeric, for information) or the categories (categorical,
/// judged net of its sampling bias against <see cref="DriftSpec.JensenShannonThreshold"/>).
/// </summary>
public sealed class JensenShannonMeasure : IDriftMeasure
{
    /// <inheritdoc/>
    public string Name => nameof(FeatureDrift.JensenShannon);

    /// <inheritdoc/>
    public bool AppliesTo(ColumnKind kind) => true;

    /// <inheritdoc/>
    public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(spec);
        if (current.Kind == ColumnKind.Numeric)
        {
            var (referenceCounts, currentCounts) = MeasureInputs.QuantileBinCounts(reference, current, spec);
            return new DriftMeasurement(Name, DriftStatistics.JensenShannonDistance(Shares(referenceCounts), Shares(currentCounts)));
        }

        var counts = MeasureInputs.Categories(reference, current);
        var js = DriftStatistics.JensenShannonDistance(counts.ReferenceShares, counts.CurrentShares);
        var net = Math.Sqrt(Math.Max(0, (js * js) - DriftStatistics.JensenShannonSamplingBias(counts.Categories.Count, counts.ReferenceTotal, counts.CurrentTotal)));
        return new DriftMeasurement(Name, js) { Judged = net, Threshold = spec.JensenShannonThreshold };
    }

    private static double[] Shares(double[] counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => c / total)];
    }
}
