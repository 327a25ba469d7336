using System.Globalization;

namespace RetrainFunctions.Core.Policies;

/// <summary>
/// Decides whether to retrain, as a pure function of the policy, the state kept since the last decision and the new
/// evidence. Deterministic and free of I/O, so the orchestrator, the backtester and tests share it.
/// </summary>
/// <remarks>
/// Order: without a production model every policy retrains (bootstrap). Otherwise the enabled triggers are read and
/// combined (any/all); then debounce (the triggers must hold on <see cref="PolicySpec.DebounceDecisions"/> consecutive
/// decisions), cooldown (decisions and days since the last retrain) and the budget (<see cref="PolicySpec.MaxRetrains"/>
/// per <see cref="PolicySpec.BudgetPeriodDays"/>) may hold it back, and an alarm whose retrains the gate rejected
/// waits before it asks again (<see cref="PolicyHold.Backoff"/>). A Retrain verdict resets the counters. The change
/// detector reads one production version's errors (<see cref="PolicyState.DetectorVersion"/>) and starts a clean record
/// when the version changes, not when a retrain is decided: when the gate rejects the retrain, production and its
/// alarm stay, and the alarm asks again (cooldown and budget permitting) on more comparison rows — a rejection today is
/// re-judged on more rows next time (measured: docs/backtest.md, "Eighth session") — after a wait that doubles with each
/// rejection (<see cref="PerformanceTriggerSpec.MaxRetryWaitDecisions"/>; docs/backtest.md, "Tenth session"). Without
/// a version in the evidence the detector restarts at every Retrain verdict, as before. A policy without triggers trains once.
/// </remarks>
public static class RetrainPolicy
{
    /// <summary>Takes one decision.</summary>
    public static PolicyDecision Decide(PolicySpec policy, PolicyState? state, PolicyEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(evidence);
        state ??= new PolicyState();
        var at = evidence.At;
        var detector = state.Detector;
        var alarmRetrains = state.AlarmRetrains;
        if (policy.Performance is { } performance && evidence.HasProductionModel)
        {
            // A new production version starts with a clean record; the one a rejected retrain left in place keeps its alarm.
            var replaced = evidence.ProductionVersion is { } version && state.DetectorVersion is { } watched && version != watched;
            detector = ChangeDetector.Update(performance, replaced || detector is null ? ChangeDetector.Reset(performance.Detector) : detector, evidence.Errors);
            alarmRetrains = replaced ? 0 : alarmRetrains;
        }

        var next = state with
        {
            Decisions = state.Decisions + 1,
            DecisionsSinceRetrain = state.DecisionsSinceRetrain + 1,
            LabelsSinceRetrain = state.LabelsSinceRetrain + evidence.NewLabeledRows,
            Detector = detector,
            DetectorVersion = evidence.ProductionVersion ?? state.DetectorVersion,
            AlarmRetrains = alarmRetrains,
            RecentRetrains = [.. state.RecentRetrains.Where(t => (at - t).TotalDays < policy.BudgetPeriodDays)],
        };

        if (!evidence.HasProductionModel)
        {
            var bootstrap = new TriggerReading(PolicyTrigger.Bootstrap, true, 0, 0, "no model in production");
            return Retrain(policy, next, at, [bootstrap], "Retrain: no model in production yet.");
        }

        var readings = Read(policy, next, evidence);
        var fired = readings.Count > 0 && (policy.Combine == TriggerCombination.Any ? readings.Any(r => r.Fired) : readings.All(r => r.Fired));
        next = next with { ConsecutiveFired = fired ? state.ConsecutiveFired + 1 : 0 };
        var summary = string.Join("; ", readings.Select(r => r.Detail));

        if (!fired)
        {
            if (next.Detector?.Level == ChangeLevel.Drift && readings.Any(r => r.Trigger == PolicyTrigger.Performance && !r.Fired))
            {
                return Skip(next, at, readings, PolicyHold.Backoff, $"Skip: waiting to retry the alarm's retrain ({summary}).");
            }

            var why = readings.Count == 0 ? "the policy trains once" : $"{(policy.Combine == TriggerCombination.Any ? "no trigger" : "not every trigger")} fired ({summary})";
            return Skip(next, at, readings, PolicyHold.NoTrigger, $"Skip: {why}.");
        }

        if (next.ConsecutiveFired < policy.DebounceDecisions)
        {
            return Skip(next, at, readings, PolicyHold.Debounce, Invariant($"Skip: triggers held on {next.ConsecutiveFired} of {policy.DebounceDecisions} consecutive decisions ({summary})."));
        }

        var daysSince = state.LastRetrainAt is { } last ? (at - last).TotalDays : double.PositiveInfinity;
        if (next.DecisionsSinceRetrain <= policy.CooldownDecisions || (policy.CooldownDays is { } cooldown && daysSince < cooldown))
        {
            return Skip(next, at, readings, PolicyHold.Cooldown, Invariant($"Skip: cooling down ({next.DecisionsSinceRetrain} decision(s), {Days(daysSince)} since the last retrain; cooldown {policy.CooldownDecisions} decision(s), {Days(policy.CooldownDays)}) although {summary}."));
        }

        if (policy.MaxRetrains is { } max && next.RecentRetrains.Count >= max)
        {
            return Skip(next, at, readings, PolicyHold.Budget, Invariant($"Skip: {next.RecentRetrains.Count} retrain(s) in the last {policy.BudgetPeriodDays:0.#} days already (maximum {max}) although {summary}."));
        }

        return Retrain(policy, next, at, readings, $"Retrain: {string.Join("; ", readings.Where(r => r.Fired).Select(r => r.Detail))}.");
    }

    private static List<TriggerReading> Read(PolicySpec policy, PolicyState state, PolicyEvidence evidence)
    {
        var readings = new List<TriggerReading>();
        if (policy.EveryDecisions is { } every)
        {
            readings.Add(new(PolicyTrigger.Periodic, state.DecisionsSinceRetrain >= every, state.DecisionsSinceRetrain, every,
                Invariant($"periodic: {state.DecisionsSinceRetrain} of {every} decision(s) since the last retrain")));
        }

        if (policy.EveryDays is { } days)
        {
            var since = state.LastRetrainAt is { } last ? (evidence.At - last).TotalDays : double.MaxValue;
            readings.Add(new(PolicyTrigger.Schedule, since >= days, since, days, Invariant($"schedule: {Days(since)} of {days:0.##} days since the last retrain")));
        }

        if (policy.MinNewLabels is { } labels)
        {
            readings.Add(new(PolicyTrigger.NewLabels, state.LabelsSinceRetrain >= labels, state.LabelsSinceRetrain, labels,
                Invariant($"new labels: {state.LabelsSinceRetrain:N0} of {labels:N0} rows since the last retrain")));
        }

        if (policy.Drift is { } drift)
        {
            var signal = evidence.Drift;
            var threshold = drift.ScoreThreshold ?? double.NaN;
            var fired = signal is not null && ((drift.OnVerdict && signal.Drifted) || (drift.ScoreThreshold is { } t && signal.Score >= t));
            var detail = signal is null
                ? "data drift: no signal"
                : Invariant($"data drift: score {signal.Score:0.###}{(drift.ScoreThreshold is { } s ? Invariant($" (threshold {s:0.###})") : string.Empty)}, verdict {(signal.Drifted ? "drifted" : "stable")}{(signal.Source is null ? string.Empty : " from " + signal.Source)}");
            readings.Add(new(PolicyTrigger.DataDrift, fired, signal?.Score ?? 0, double.IsNaN(threshold) ? 0 : threshold, detail));
        }

        if (policy.Performance is { } performance)
        {
            var d = state.Detector ?? ChangeDetector.Reset(performance.Detector);
            var wait = performance.RetryWait(state.AlarmRetrains);
            var waiting = d.Level == ChangeLevel.Drift && state.DecisionsSinceRetrain < wait;
            var backoff = state.AlarmRetrains == 0 || d.Level != ChangeLevel.Drift
                ? string.Empty
                : Invariant($"; {state.AlarmRetrains} retrain(s) on this alarm rejected, the next after {wait} decision(s): {state.DecisionsSinceRetrain} so far");
            readings.Add(new(PolicyTrigger.Performance, d.Level == ChangeLevel.Drift && !waiting, d.Statistic, d.Threshold,
                Invariant($"performance: {performance.Detector} {d.Level} (statistic {d.Statistic:0.###}, alarm above {d.Threshold:0.###}; {d.Samples:N0} samples, mean error {d.Mean:0.###}{backoff})")));
        }

        return readings;
    }

    private static PolicyDecision Retrain(PolicySpec policy, PolicyState state, DateTimeOffset at, IReadOnlyList<TriggerReading> readings, string reason) => new()
    {
        Verdict = RetrainVerdict.Retrain,
        Hold = PolicyHold.None,
        Reason = reason,
        At = at,
        Triggers = readings,
        State = state with
        {
            DecisionsSinceRetrain = 0,
            LabelsSinceRetrain = 0,
            LastRetrainAt = at,
            Retrains = state.Retrains + 1,
            RecentRetrains = [.. state.RecentRetrains, at],
            ConsecutiveFired = 0,
            // Reset here only when the watched version is unknown; otherwise when the next decision sees a new version, so
            // that a retrain the gate rejected leaves production's alarm standing and the alarm asks again, after its backoff, on more rows.
            Detector = policy.Performance is { } p ? (state.DetectorVersion is null ? ChangeDetector.Reset(p.Detector) : state.Detector) : null,
            AlarmRetrains = state.DetectorVersion is not null && state.Detector?.Level == ChangeLevel.Drift ? state.AlarmRetrains + 1 : 0,
        },
    };

    private static PolicyDecision Skip(PolicyState state, DateTimeOffset at, IReadOnlyList<TriggerReading> readings, PolicyHold hold, string reason) => new()
    {
        Verdict = RetrainVerdict.Skip,
        Hold = hold,
        Reason = reason,
        At = at,
        Triggers = readings,
        State = state,
    };

    private static string Days(double? days) => days is { } d && d < 1e6 ? Invariant($"{d:0.##} day(s)") : "never";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
