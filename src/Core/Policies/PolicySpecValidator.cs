using System.Globalization;

namespace RetrainFunctions.Core.Policies;

/// <summary>Checks a <see cref="PolicySpec"/> for <c>ModelSpecValidator</c>; each problem names the field.</summary>
internal static class PolicySpecValidator
{
    public static void Validate(PolicySpec? policy, List<string> problems)
    {
        if (policy is null)
        {
            return;
        }

        Check(problems, Enum.IsDefined(policy.Combine), $"policy.combine: '{policy.Combine}' is not a combination; allowed: {string.Join(", ", Enum.GetNames<TriggerCombination>())}.");
        Check(problems, policy.EveryDecisions is null or >= 1, $"policy.everyDecisions: {policy.EveryDecisions} must be at least 1.");
        Check(problems, policy.EveryDays is null || policy.EveryDays > 0, $"policy.everyDays: {policy.EveryDays} must be positive.");
        Check(problems, policy.MinNewLabels is null or >= 1, $"policy.minNewLabels: {policy.MinNewLabels} must be at least 1.");
        Check(problems, policy.DebounceDecisions >= 1, $"policy.debounceDecisions: {policy.DebounceDecisions} must be at least 1 (1 = no debounce).");
        Check(problems, policy.CooldownDecisions >= 0, $"policy.cooldownDecisions: {policy.CooldownDecisions} must be 0 or more.");
        Check(problems, policy.CooldownDays is null || policy.CooldownDays >= 0, $"policy.cooldownDays: {policy.CooldownDays} must be 0 or more.");
        Check(problems, policy.MaxRetrains is null or >= 1, $"policy.maxRetrains: {policy.MaxRetrains} must be at least 1.");
        Check(problems, policy.BudgetPeriodDays > 0, $"policy.budgetPeriodDays: {policy.BudgetPeriodDays} must be positive.");
        if (policy.Drift is { } drift)
        {
            Check(problems, drift.OnVerdict || drift.ScoreThreshold is not null, $"policy.drift: set scoreThreshold or onVerdict, or the trigger can never fire.");
            Check(problems, drift.ScoreThreshold is null || double.IsFinite(drift.ScoreThreshold.Value), $"policy.drift.scoreThreshold: {drift.ScoreThreshold} must be a finite number.");
        }

        if (policy.Performance is { } performance)
        {
            Check(problems, Enum.IsDefined(performance.Detector), $"policy.performance.detector: '{performance.Detector}' is not a detector; allowed: {string.Join(", ", Enum.GetNames<ChangeDetectorKind>())}.");
            Check(problems, performance.MinSamples >= 1, $"policy.performance.minSamples: {performance.MinSamples} must be at least 1.");
            Check(problems, performance.DdmWarningLevel > 0 && performance.DdmDriftLevel > performance.DdmWarningLevel, $"policy.performance: ddmDriftLevel ({performance.DdmDriftLevel}) must exceed ddmWarningLevel ({performance.DdmWarningLevel}) > 0.");
            Check(problems, performance.PageHinkleyDelta >= 0 && performance.PageHinkleyLambda > 0, $"policy.performance: pageHinkleyDelta ({performance.PageHinkleyDelta}) must be 0 or more and pageHinkleyLambda ({performance.PageHinkleyLambda}) positive.");
            Check(problems, performance.PageHinkleyAlpha is > 0 and <= 1, $"policy.performance.pageHinkleyAlpha: {performance.PageHinkleyAlpha} must be in (0, 1].");
            Check(problems, performance.MaxRetryWaitDecisions >= 1, $"policy.performance.maxRetryWaitDecisions: {performance.MaxRetryWaitDecisions} must be 1 or more (1 retries on every decision).");
            Check(problems, performance.AdwinDelta is > 0 and < 1, $"policy.performance.adwinDelta: {performance.AdwinDelta} must be in (0, 1).");
        }
    }

    private static void Check(List<string> problems, bool ok, FormattableString problem)
    {
        if (!ok)
        {
            problems.Add(problem.ToString(CultureInfo.InvariantCulture));
        }
    }
}
