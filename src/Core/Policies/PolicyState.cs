namespace RetrainFunctions.Core.Policies;

/// <summary>
/// What a policy remembers between decisions (<c>models/{model}/policy-state.json</c>): counters since the last
/// retrain, recent retrains for the budget, the debounce streak and the change detector.
/// </summary>
public sealed record PolicyState
{
    /// <summary>Gets the decisions taken so far.</summary>
    public long Decisions { get; init; }

    /// <summary>Gets the decisions taken since the last retrain, this one included once it is taken.</summary>
    public int DecisionsSinceRetrain { get; init; }

    /// <summary>Gets the labeled rows that arrived since the last retrain.</summary>
    public long LabelsSinceRetrain { get; init; }

    /// <summary>Gets when the last retrain was decided.</summary>
    public DateTimeOffset? LastRetrainAt { get; init; }

    /// <summary>Gets the retrains decided so far.</summary>
    public int Retrains { get; init; }

    /// <summary>Gets the retrain times still inside the budget period.</summary>
    public IReadOnlyList<DateTimeOffset> RecentRetrains { get; init; } = [];

    /// <summary>Gets the consecutive decisions on which the triggers held (for debounce).</summary>
    public int ConsecutiveFired { get; init; }

    /// <summary>Gets the change detector of the performance trigger, when it is enabled.</summary>
    public ChangeDetectorState? Detector { get; init; }

    /// <summary>
    /// Gets the production version <see cref="Detector"/> has been reading the errors of; null before the first
    /// decision that named one (<see cref="PolicyEvidence.ProductionVersion"/>).
    /// </summary>
    public string? DetectorVersion { get; init; }

    /// <summary>
    /// Gets the retrains decided while <see cref="DetectorVersion"/> stayed in production with its alarm raised: each
    /// one the gate rejected (or an approver has not yet let through). Starts again at 0 with a new version.
    /// </summary>
    public int AlarmRetrains { get; init; }
}
