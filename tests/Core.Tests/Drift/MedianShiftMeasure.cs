using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Drift;

/// <summary>
/// A drift measure RetrainFunctions does not ship: how far the median moved, in the column's units (numeric; for
/// information, it does not judge). The whole of adding it is this class and
/// <c>services.AddRetrainDriftMeasure&lt;MedianShiftMeasure&gt;()</c>.
/// </summary>
public sealed class MedianShiftMeasure : IDriftMeasure
{
    /// <summary>The measure's name in reports.</summary>
    public const string MeasureName = "MedianShift";

    /// <inheritdoc/>
    public string Name => MeasureName;

    /// <inheritdoc/>
    public bool AppliesTo(ColumnKind kind) => kind == ColumnKind.Numeric;

    /// <inheritdoc/>
    public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return new DriftMeasurement(Name, Math.Abs(Median(current.Sample!) - Median(reference.Sample!)));
    }

    /// <summary>The median of a sorted sample.</summary>
    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
