namespace RetrainFunctions.Core.Policies;

/// <summary>
/// One decision of a <see cref="RetrainPolicy"/>: retrain or skip, why in one sentence, every trigger's reading, and
/// the state to keep for the next decision. Stored per model and in run records.
/// </summary>
public sealed record PolicyDecision
{
    /// <summary>Gets the verdict.</summary>
    public required RetrainVerdict Verdict { get; init; }

    /// <summary>Gets what held a Skip back (<see cref="PolicyHold.None"/> for a Retrain).</summary>
    public required PolicyHold Hold { get; init; }

    /// <summary>Gets the decision in one sentence, with figures.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets when it was taken.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the readings of the enabled triggers (or the bootstrap reading).</summary>
    public required IReadOnlyList<TriggerReading> Triggers { get; init; }

    /// <summary>Gets the state after this decision (a Retrain verdict resets the counters and the detector).</summary>
    public required PolicyState State { get; init; }

    /// <summary>Gets whether the verdict is Retrain.</summary>
    public bool ShouldRetrain => Verdict == RetrainVerdict.Retrain;
}
