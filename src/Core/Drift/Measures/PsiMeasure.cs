using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>
/// Population stability index on reference-quantile bins with half a count added to every bin (numeric); judged net of
/// its sampling bias against <see cref="DriftSpec.PsiThreshold"/>.
/// </summary>
public sealed class PsiMeasure : IDriftMeasure
{
    /// <inheritdoc/>
    public string Name => nameof(FeatureDrift.Psi);

    /// <inheritdoc/>
    public bool AppliesTo(ColumnKind kind) => kind == ColumnKind.Numeric;

    /// <inheritdoc/>
    public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (before, after) = MeasureInputs.Samples(reference, current);
        var (referenceCounts, currentCounts) = MeasureInputs.QuantileBinCounts(reference, current, spec);
        var psi = DriftStatistics.PopulationStabilityIndex(DriftStatistics.SmoothedShares(referenceCounts), DriftStatistics.SmoothedShares(currentCounts));
        var corrected = Math.Max(0, psi - DriftStatistics.PsiSamplingBias(referenceCounts.Length, before.Count, after.Count));
        return new DriftMeasurement(Name, psi) { Judged = corrected, Threshold = spec.PsiThreshold };
    }
}
