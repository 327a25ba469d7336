using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>
/// The largest change of a category's share (categorical); judged net of sampling noise against
/// <see cref="DriftSpec.LInfinityThreshold"/>.
/// </summary>
public sealed class LInfinityMeasure : IDriftMeasure
{
    /// <inheritdoc/>
    public string Name => nameof(FeatureDrift.LInfinity);

    /// <inheritdoc/>
    public bool AppliesTo(ColumnKind kind) => kind == ColumnKind.Categorical;

    /// <inheritdoc/>
    public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var counts = MeasureInputs.Categories(reference, current);
        var net = DriftStatistics.LInfinityNet(counts.ReferenceShares, counts.CurrentShares, counts.ReferenceTotal, counts.CurrentTotal);
        return new DriftMeasurement(Name, DriftStatistics.LInfinity(counts.ReferenceShares, counts.CurrentShares)) { Judged = net, Threshold = spec.LInfinityThreshold };
    }
}
