using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>Pearson's χ² test of homogeneity, statistic and p-value (categorical); a test, it does not judge.</summary>
public sealed class ChiSquareMeasure : IDriftMeasure
{
    /// <inheritdoc/>
    public string Name => nameof(FeatureDrift.ChiSquare);

    /// <inheritdoc/>
    public bool AppliesTo(ColumnKind kind) => kind == ColumnKind.Categorical;

    /// <inheritdoc/>
    public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        var counts = MeasureInputs.Categories(reference, current);
        var (chi, _, p) = DriftStatistics.ChiSquare(counts.Reference, counts.Current);
        return new DriftMeasurement(Name, chi) { PValue = p };
    }
}
