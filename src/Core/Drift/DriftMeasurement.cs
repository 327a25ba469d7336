namespace RetrainFunctions.Core.Drift;

/// <summary>The value of one <see cref="IDriftMeasure"/> on one column, as written to <c>drift.json</c>.</summary>
/// <param name="Name">The measure's <see cref="IDriftMeasure.Name"/>.</param>
/// <param name="Value">The statistic as measured.</param>
public sealed record DriftMeasurement(string Name, double Value)
{
    /// <summary>Gets the value compared with <see cref="Threshold"/> (for the built-ins, <see cref="Value"/> net of sampling noise), when the measure judges.</summary>
    public double? Judged { get; init; }

    /// <summary>Gets the threshold <see cref="Judged"/> must reach for the column to drift; null when the measure is for information only.</summary>
    public double? Threshold { get; init; }

    /// <summary>Gets the test's p-value, when the measure is a test (uncorrected).</summary>
    public double? PValue { get; init; }

    /// <summary>Gets whether <see cref="Judged"/> reaches <see cref="Threshold"/> (false when the measure does not judge).</summary>
    public bool Drifted => Judged >= Threshold;
}
