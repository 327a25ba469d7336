using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift;

/// <summary>
/// One drift measure: a statistic of a column's reference profile against its current one. Adding one is this class
/// plus one registration: <c>services.AddRetrainDriftMeasure&lt;MyMeasure&gt;()</c>, or a line in
/// <see cref="Measures.BuiltInDriftMeasures"/> to ship it with every host.
/// </summary>
/// <remarks>
/// Every registered measure runs on every column of a kind it <see cref="AppliesTo"/> (features, label, prediction) and
/// its value is written to <c>drift.json</c> (<see cref="FeatureDrift.Measures"/>) and the drift page. A measurement
/// with a <see cref="DriftMeasurement.Threshold"/> takes part in the verdict: a column drifts when every such
/// measurement reaches its threshold. Return none to report a value for information only.
/// </remarks>
public interface IDriftMeasure
{
    /// <summary>Gets the measure's name, unique in a registry (compared case-insensitively).</summary>
    string Name { get; }

    /// <summary>Returns whether this measure compares columns of <paramref name="kind"/>.</summary>
    bool AppliesTo(ColumnKind kind);

    /// <summary>
    /// Measures <paramref name="current"/> against <paramref name="reference"/>, two profiles of the same column and kind,
    /// each with values to compare (a non-empty sample for numerics, some counted category for categoricals).
    /// </summary>
    DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec);
}
