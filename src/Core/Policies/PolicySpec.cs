namespace RetrainFunctions.Core.Policies;

/// <summary>
/// When to retrain (<c>policy</c> in the model spec): the triggers, how they combine, and the brakes (debounce,
/// cooldown, budget). No trigger enabled means "train once": only the first model is trained. Evaluated by
/// <see cref="RetrainPolicy.Decide"/>. Times are in days so that specs stay readable JSON.
/// </summary>
public sealed record PolicySpec
{
    /// <summary>Gets how enabled triggers combine. <value>Default: <see cref="TriggerCombination.Any"/>.</value></summary>
    public TriggerCombination Combine { get; init; } = TriggerCombination.Any;

    /// <summary>Gets the periodic trigger: retrain every N decisions (one decision per batch or timer tick). <value>Default: unset.</value></summary>
    public int? EveryDecisions { get; init; }

    /// <summary>Gets the schedule trigger: retrain when this many days passed since the last retrain. <value>Default: unset.</value></summary>
    public double? EveryDays { get; init; }

    /// <summary>Gets the new-labels trigger: retrain when at least this many labeled rows arrived since the last retrain. <value>Default: unset.</value></summary>
    public int? MinNewLabels { get; init; }

    /// <summary>Gets the data-drift trigger. <value>Default: unset.</value></summary>
    public DriftTriggerSpec? Drift { get; init; }

    /// <summary>Gets the performance trigger (a change detector on the production model's errors). <value>Default: unset.</value></summary>
    public PerformanceTriggerSpec? Performance { get; init; }

    /// <summary>Gets how many consecutive decisions the triggers must hold before a retrain. <value>Default: 1 (no debounce).</value></summary>
    public int DebounceDecisions { get; init; } = 1;

    /// <summary>Gets the decisions that must pass after a retrain before the next one. <value>Default: 0.</value></summary>
    public int CooldownDecisions { get; init; }

    /// <summary>Gets the days that must pass after a retrain before the next one. <value>Default: unset.</value></summary>
    public double? CooldownDays { get; init; }

    /// <summary>Gets the maximum retrains per <see cref="BudgetPeriodDays"/>. <value>Default: unset (no budget).</value></summary>
    public int? MaxRetrains { get; init; }

    /// <summary>Gets the period of <see cref="MaxRetrains"/> in days. <value>Default: 30.</value></summary>
    public double BudgetPeriodDays { get; init; } = 30;

    /// <summary>Gets whether any trigger is enabled (otherwise the policy trains once).</summary>
    public bool HasTriggers => EveryDecisions is not null || EveryDays is not null || MinNewLabels is not null || Drift is not null || Performance is not null;
}
