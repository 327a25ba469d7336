using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>The two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value (numeric); a test, it does not judge.</summary>
public sealed class KolmogorovSmirnovMeasure : IDriftMeasure
{
    /// <inheritdoc/>
    public string Name => nameof(FeatureDrift.KolmogorovSmirnov);

    /// <inheritdoc/>
    public bool AppliesTo(ColumnKind kind) => kind == ColumnKind.Numeric;

    /// <inheritdoc/>
    public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        var (before, after) = MeasureInputs.Samples(reference, current);
        var ks = DriftStatistics.KolmogorovSmirnov(before, after);
        return new DriftMeasurement(Name, ks) { PValue = DriftStatistics.KolmogorovSmirnovPValue(ks, before.Count, after.Count) };
    }
}
