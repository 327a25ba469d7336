using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>
/// The 1-Wasserstein distance in the column's units (numeric); judged net of its sampling bias, in reference standard
/// deviations (infinite for any change of a constant reference), against <see cref="DriftSpec.WassersteinThreshold"/>.
/// </summary>
public sealed class WassersteinMeasure : IDriftMeasure
{
    /// <inheritdoc/>
    public string Name => nameof(FeatureDrift.Wasserstein);

    /// <inheritdoc/>
    public bool AppliesTo(ColumnKind kind) => kind == ColumnKind.Numeric;

    /// <inheritdoc/>
    public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(spec);
        var (before, after) = MeasureInputs.Samples(reference, current);
        var wasserstein = DriftStatistics.Wasserstein(before, after);
        var scale = reference.Std ?? 0;
        var net = Math.Max(0, wasserstein - DriftStatistics.WassersteinSamplingBias(before, before.Count, after.Count));
        var normalized = scale > 0 ? net / scale : net == 0 ? 0 : double.PositiveInfinity;
        return new DriftMeasurement(Name, wasserstein) { Judged = normalized, Threshold = spec.WassersteinThreshold };
    }
}
