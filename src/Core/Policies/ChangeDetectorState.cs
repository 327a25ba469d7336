namespace RetrainFunctions.Core.Policies;

/// <summary>
/// The serializable state of a change detector (<see cref="ChangeDetector"/>). Fields a detector does not use stay at
/// their defaults. Infinite minima are stored as <see cref="double.MaxValue"/> so that the JSON stays standard.
/// </summary>
public sealed record ChangeDetectorState
{
    /// <summary>Gets the detector.</summary>
    public ChangeDetectorKind Kind { get; init; }

    /// <summary>Gets the samples seen since the last reset.</summary>
    public long Samples { get; init; }

    /// <summary>Gets the running mean error.</summary>
    public double Mean { get; init; }

    /// <summary>Gets DDM's minimum p + s: the error rate at that point.</summary>
    public double MinimumRate { get; init; } = double.MaxValue;

    /// <summary>Gets DDM's minimum p + s: the standard deviation at that point.</summary>
    public double MinimumDeviation { get; init; } = double.MaxValue;

    /// <summary>Gets Page–Hinkley's cumulative deviation m_T.</summary>
    public double Cumulative { get; init; }

    /// <summary>Gets Page–Hinkley's minimum M_T of the cumulative deviation.</summary>
    public double CumulativeMinimum { get; init; }

    /// <summary>Gets ADWIN's window, oldest bucket first.</summary>
    public IReadOnlyList<AdwinBucket> Buckets { get; init; } = [];

    /// <summary>Gets the level reached; <see cref="ChangeLevel.Drift"/> stays until the detector is reset.</summary>
    public ChangeLevel Level { get; init; }

    /// <summary>Gets the statistic behind <see cref="Level"/>, for the decision record.</summary>
    public double Statistic { get; init; }

    /// <summary>Gets the alarm threshold the statistic is compared with.</summary>
    public double Threshold { get; init; }
}
