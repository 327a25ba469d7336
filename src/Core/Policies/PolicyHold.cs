namespace RetrainFunctions.Core.Policies;

/// <summary>Why a decision is Skip even though, or because, triggers fired.</summary>
public enum PolicyHold
{
    /// <summary>Nothing held the decision back (a Retrain, or a Skip because no trigger fired).</summary>
    None,

    /// <summary>No enabled trigger fired (or not all of them, under <see cref="TriggerCombination.All"/>).</summary>
    NoTrigger,

    /// <summary>The triggers have not held for <see cref="PolicySpec.DebounceDecisions"/> consecutive decisions yet.</summary>
    Debounce,

    /// <summary>The last retrain is too recent (<see cref="PolicySpec.CooldownDecisions"/> or <see cref="PolicySpec.CooldownDays"/>).</summary>
    Cooldown,

    /// <summary>The maximum number of retrains per period is used up.</summary>
    Budget,

    /// <summary>
    /// The performance trigger's alarm stands, but the gate rejected its last retrain(s) and the next retry waits
    /// (<see cref="PerformanceTriggerSpec.MaxRetryWaitDecisions"/>); no other trigger fired.
    /// </summary>
    Backoff,
}
