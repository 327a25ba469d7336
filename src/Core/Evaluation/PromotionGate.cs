using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// The promotion gate: the challenger against production on the same comparison rows (rows newer than production's
/// training data, which neither model has seen, in time order), on one decisive metric, a few guardrails and the slices.
/// </summary>
/// <remarks>
/// <para>The default rule: the decisive metric is a proper scoring rule (<see cref="EvaluationMetrics.DefaultFor"/>:
/// log-loss for binary and multiclass classification, MAE for regression), which sees a shifted threshold or a
/// miscalibrated probability where AUC does not, tested for non-inferiority (<see cref="GateSpec.Mode"/>, margin
/// <see cref="GateSpec.NonInferiorityMargin"/> 0): the challenger is rejected only when the upper bound of the paired
/// interval of its improvement lies below −margin. Neither model has learned from the comparison rows, so a challenger
/// can rarely be shown <em>better</em> on them, and the model deployed is the challenger refit on everything: by default
/// the gate stops a clearly worse recipe. <see cref="GateMode.Superiority"/> (lower bound &gt; minDelta) stays
/// available, and <c>gate.metric</c> may name another metric (AUC too).</para>
/// <para>Guardrails (<see cref="GateSpec.EffectiveGuardrails"/>: binary accuracy and F1 at the deployed threshold,
/// multiclass micro accuracy and macro F1, margin 0.02 each; none for regression) apply in both modes and whatever
/// metric decides, so AUC alone never decides a binary gate: a guardrail whose interval's upper bound is below −margin
/// turns a promotion into <see cref="GateDecision.NotBetter"/>; every guardrail's interval and verdict is in the reason.
/// Guardrails need per-row evidence; without it only the decisive metric's point values are compared.</para>
/// <para>The intervals come from a paired bootstrap of contiguous time blocks of the comparison rows
/// (<see cref="GateSpec.BootstrapBlockRows"/>, default ⌈√n⌉), because neighbouring recent rows are correlated: the
/// improvement ± t(k − 1)·√(k/(k − 1)) standard errors for k blocks (<see cref="PairedStatistics.IntervalMultiple"/>). 15
/// comparison rows are four blocks, and a percentile interval from four blocks covers far less often than it claims.</para>
/// <para>The challenger is the candidate with the best validation (selection rows) value of the gate metric (in the
/// metric's better direction); ties go to the trainer listed first in the spec; candidates without a defined value rank
/// last. The threshold, when set, must hold on the challenger's comparison value (a minimum for higher-is-better metrics,
/// a maximum for lower-is-better ones): <see cref="GateDecision.BelowThreshold"/> otherwise. A production model that
/// cannot score the comparison rows (its input schema lacks a column, or it is of another task) or has no defined value
/// is not comparable: the reason says so and only the threshold applies. A challenger without a defined value (e.g. AUC
/// on one-class rows) is <see cref="GateDecision.NotBetter"/>. Every reason of non-inferiority mode starts with
/// "non-inferiority:".</para>
/// <para>When production is worse than a trivial baseline on the comparison rows (<see cref="BaselineCheck"/>), the
/// reason ends with a warning saying so; it does not change the decision.</para>
/// </remarks>
internal static class PromotionGate
{
    private const string Defaults =
        "Default metric: a proper scoring rule (log-loss for classification, MAE for regression); default mode: non-inferiority, margin 0. ";

    private const string Guardrails =
        "and no guardrail blocks (each guardrail metric, default binary accuracy and F1 at the deployed threshold / multiclass micro-accuracy and macro-F1, margin 0.02, none for regression: "
        + "it blocks when the upper bound of its interval of (challenger - champion, better direction) < -margin) ";

    private const string Bootstrap =
        "Intervals: paired bootstrap of contiguous time blocks of the comparison rows (gate.bootstrapBlockRows, default ceil(sqrt(n))); "
        + "each is the improvement +/- t(k-1) * sqrt(k/(k-1)) bootstrap standard errors for k blocks, so few blocks do not give falsely narrow intervals.";

    /// <summary>The statistical rule of <see cref="GateMode.Superiority"/>, as written into evaluation reports when production can be compared row by row.</summary>
    public const string EvidenceRule =
        Defaults
        + "Superiority: promote iff (threshold unset, or challenger metric on the comparison rows meets it) and (no comparable production model, or "
        + "the lower bound of the paired bootstrap confidence interval of the improvement (challenger - champion in the metric's better direction) > minDelta) "
        + Guardrails
        + "and no comparison-row slice regresses significantly (when gate.sliceRegression is Block). "
        + "BelowThreshold if the threshold fails; NotBetter if the point improvement is not > minDelta or a guardrail blocks; "
        + "InsufficientEvidence if it is but the lower bound is not, or there are fewer comparison rows than minHoldoutRows; SliceRegression if a slice blocks. "
        + Bootstrap;

    /// <summary>The statistical rule of <see cref="GateMode.NonInferiority"/> (the default), as written into evaluation reports when production can be compared row by row.</summary>
    public const string NonInferiorityEvidenceRule =
        Defaults
        + "Non-inferiority: promote iff (threshold unset, or challenger metric on the comparison rows meets it) and (no comparable production model, or "
        + "the upper bound of the paired bootstrap confidence interval of the improvement (challenger - champion in the metric's better direction) >= -nonInferiorityMargin) "
        + Guardrails
        + "and no comparison-row slice regresses significantly (when gate.sliceRegression is Block). "
        + "BelowThreshold if the threshold fails; NotBetter if the upper bound is < -nonInferiorityMargin (clearly worse) or a guardrail blocks; "
        + "InsufficientEvidence if the interval cannot be estimated or there are fewer comparison rows than minHoldoutRows; SliceRegression if a slice blocks. "
        + Bootstrap;

    /// <summary>The point-estimate rule of <see cref="GateMode.NonInferiority"/>, as written into evaluation reports when no per-row evidence is available.</summary>
    public const string NonInferiorityRule =
        Defaults
        + "Non-inferiority: promote iff (threshold unset, or challenger metric on the comparison rows meets it) "
        + "and (no comparable production model, or improvement >= -nonInferiorityMargin); BelowThreshold if the threshold fails, NotBetter otherwise "
        + "(guardrails need per-row evidence).";

    /// <summary>The point-estimate rule of <see cref="GateMode.Superiority"/>, as written into evaluation reports when no per-row evidence is available.</summary>
    public const string Rule =
        Defaults
        + "Superiority: promote iff (threshold unset, or challenger metric on the comparison rows >= threshold for higher-is-better / <= threshold for lower-is-better) "
        + "and (no comparable production model, or improvement >= minDelta, strictly > 0 when minDelta is 0); "
        + "BelowThreshold if the threshold fails, NotBetter otherwise (guardrails need per-row evidence).";

    /// <summary>The rule written into the evaluation report for <paramref name="mode"/>, with or without per-row evidence.</summary>
    public static string RuleFor(GateMode mode, bool withEvidence) => (mode, withEvidence) switch
    {
        (GateMode.NonInferiority, true) => NonInferiorityEvidenceRule,
        (GateMode.NonInferiority, false) => NonInferiorityRule,
        (_, true) => EvidenceRule,
        _ => Rule,
    };

    /// <summary>The sentence saying that production <paramref name="version"/> is worse than the trivial <paramref name="baseline"/>.</summary>
    public static string BaselineSentence(string version, BaselineCheck baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var name = MetricText.Prose(baseline.Metric);
        var interval = baseline.Interval is { } ci
            ? $", difference {MetricText.Signed(ci.Improvement)}, {MetricText.Percent(ci.Confidence)} CI [{MetricText.Signed(ci.Lower)}, {MetricText.Signed(ci.Upper)}]"
            : string.Empty;
        return $"production {version} is worse than {baseline.Baseline} on the comparison rows: {name} {MetricText.Value(baseline.Production)} vs {MetricText.Value(baseline.BaselineValue)}{interval}";
    }

    /// <summary>
    /// Picks the candidate with the best validation value of <paramref name="metric"/>; ties go to the first in
    /// <paramref name="specOrder"/>. With <see cref="CandidateSelection.Ensembles"/> only the ensemble candidates compete
    /// when there is one.
    /// </summary>
    public static CandidateResult ChooseChallenger(IReadOnlyList<CandidateResult> candidates, IReadOnlyList<TrainerKind> specOrder, EvaluationMetric metric, CandidateSelection among = CandidateSelection.All)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(specOrder);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("At least one candidate is required to choose a challenger.", nameof(candidates));
        }

        if (among == CandidateSelection.Ensembles && candidates.Any(c => c.Trainer == TrainerKind.Ensemble))
        {
            candidates = [.. candidates.Where(c => c.Trainer == TrainerKind.Ensemble)];
        }

        var sign = metric.HigherIsBetter() ? -1.0 : 1.0;
        return candidates
            .Select((candidate, index) => (candidate, index))
            .OrderBy(c => c.candidate.ValidationMetrics.TryGetValue(metric, out var v) && double.IsFinite(v) ? 0 : 1)
            .ThenBy(c => c.candidate.ValidationMetrics.TryGetValue(metric, out var v) && double.IsFinite(v) ? sign * v : 0)
            .ThenBy(c => specOrder.IndexOf(c.candidate.Trainer) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(c => c.index)
            .First().candidate;
    }

    /// <summary>Applies the gate (see the type's remarks for the rule).</summary>
    public static GateVerdict Decide(
        EvaluationMetric metric,
        GateSpec gate,
        TrainerKind challenger,
        IReadOnlyDictionary<EvaluationMetric, double> challengerMetrics,
        string? championVersion,
        IReadOnlyDictionary<EvaluationMetric, double>? championMetrics,
        string? championProblem,
        int holdoutRows,
        GateEvidence? evidence = null,
        BaselineCheck? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(challengerMetrics);
        var verdict = Judge();
        return championVersion is not null && baseline is { Worse: true }
            ? verdict with { Reason = $"{verdict.Reason}; warning: {BaselineSentence(championVersion, baseline)}" }
            : verdict;

        GateVerdict Judge()
        {
            var name = MetricText.Name(metric);
            var rows = $"{MetricText.Rows(holdoutRows)} comparison rows";

            if (!challengerMetrics.TryGetValue(metric, out var value) || !double.IsFinite(value))
            {
                return new(GateDecision.NotBetter, $"challenger {challenger} has no defined {name} on {rows} (for example they hold one class only); it cannot be promoted");
            }

            var higher = metric.HigherIsBetter();
            var subject = $"challenger {challenger} {name} {MetricText.Value(value)}";
            var (thresholdFailure, thresholdNote) = CheckThreshold(gate, name, higher, value);

            string comparison;
            var better = true;
            if (championVersion is null)
            {
                comparison = $"{subject} on {rows}; no production model to compare with (first version)";
            }
            else if (championProblem is not null)
            {
                comparison = $"{subject} on {rows}; production {championVersion} cannot score the comparison rows ({championProblem}), so only the threshold applies";
            }
            else if (championMetrics is null || !championMetrics.TryGetValue(metric, out var championValue) || !double.IsFinite(championValue))
            {
                comparison = $"{subject} on {rows}; production {championVersion} has no defined {name} on the comparison rows, so only the threshold applies";
            }
            else if (evidence is not null)
            {
                return DecideOnEvidence(metric, gate, subject, championVersion, championValue, rows, holdoutRows, thresholdFailure, thresholdNote, evidence);
            }
            else
            {
                (comparison, better) = ComparePointEstimates(metric, gate, subject, value, championVersion, championValue, rows);
            }

            if (thresholdFailure is not null)
            {
                return new(GateDecision.BelowThreshold, $"{comparison}; {thresholdFailure}");
            }

            return better
                ? new(GateDecision.Promote, comparison + thresholdNote)
                : new(GateDecision.NotBetter, comparison + thresholdNote);
        }
    }

    /// <summary>
    /// The spec's absolute threshold on the challenger's value: a failure ("misses threshold …") or, when it holds, a
    /// note ("; meets threshold …"); both empty without a threshold.
    /// </summary>
    private static (string? Failure, string Note) CheckThreshold(GateSpec gate, string name, bool higher, double value)
    {
        string? thresholdFailure = null;
        var thresholdNote = string.Empty;
        if (gate.Threshold is { } threshold)
        {
            var holds = higher ? value >= threshold : value <= threshold;
            var bar = $"threshold {name} {(higher ? ">=" : "<=")} {MetricText.Plain(threshold)}";
            thresholdNote = holds ? $"; meets {bar}" : string.Empty;
            thresholdFailure = holds ? null : $"misses {bar}";
        }

        return (thresholdFailure, thresholdNote);
    }

    /// <summary>
    /// Compares the challenger's and production's point estimates when there is no statistical evidence: non-inferiority
    /// within the margin, or an improvement of at least minDelta (strictly better when minDelta is 0).
    /// </summary>
    private static (string Comparison, bool Better) ComparePointEstimates(
        EvaluationMetric metric,
        GateSpec gate,
        string subject,
        double value,
        string championVersion,
        double championValue,
        string rows)
    {
        var name = MetricText.Name(metric);
        var improvement = metric.Improvement(value, championValue);
        bool better;
        if (gate.Mode == GateMode.NonInferiority)
        {
            var margin = gate.NonInferiorityMargin;
            better = improvement >= -margin;
            return ($"non-inferiority: {subject} vs production {championVersion} {name} {MetricText.Value(championValue)} on {rows}: "
                + $"{MetricText.Signed(improvement)} {(better ? ">=" : "<")} -nonInferiorityMargin {MetricText.Plain(margin)}{(better ? " (not worse beyond the margin)" : " (worse beyond the margin)")}", better);
        }

        better = gate.MinDelta > 0 ? improvement >= gate.MinDelta : improvement > 0;
        var op = gate.MinDelta > 0
            ? (better ? ">=" : "<")
            : (better ? ">" : "is not >");
        var strict = gate.MinDelta > 0 ? string.Empty : " (strictly better required)";
        return ($"{subject} vs production {championVersion} {name} {MetricText.Value(championValue)} on {rows}: "
            + $"{MetricText.Signed(improvement)} {op} minDelta {MetricText.Plain(gate.MinDelta)}{strict}", better);
    }

    private static GateVerdict DecideOnEvidence(
        EvaluationMetric metric,
        GateSpec gate,
        string subject,
        string championVersion,
        double championValue,
        string rows,
        int holdoutRows,
        string? thresholdFailure,
        string thresholdNote,
        GateEvidence evidence)
    {
        var name = MetricText.Name(metric);
        var head = $"{subject} vs production {championVersion} {name} {MetricText.Value(championValue)} on {rows}";
        var (decision, comparison) = JudgeGateInterval(gate, name, head, holdoutRows, evidence);

        if (evidence.McNemar is { } mcnemar)
        {
            comparison += $"; McNemar {mcnemar.ChallengerOnlyCorrect} vs {mcnemar.ChampionOnlyCorrect} discordant rows, exact p {MetricText.P(mcnemar.ExactPValue)}, mid-p {MetricText.P(mcnemar.MidPValue)}";
        }

        if (evidence.Guardrails is { Count: > 0 } guardrails)
        {
            comparison += "; " + string.Join("; ", guardrails.Select(Guardrail));
            if (decision == GateDecision.Promote && guardrails.Any(g => g.Blocks))
            {
                decision = GateDecision.NotBetter;
            }
        }

        if (thresholdFailure is not null)
        {
            return new(GateDecision.BelowThreshold, $"{comparison}; {thresholdFailure}");
        }

        var regressed = evidence.Slices.Where(s => s.Regressed).ToList();
        if (regressed.Count > 0 && gate.SliceRegression != SliceRegressionAction.Off)
        {
            var list = string.Join("; ", regressed.Select(r => $"{r.Feature} {r.Slice} ({MetricText.Rows(r.Rows)} rows: worse on {r.ChallengerWorse}, better on {r.ChallengerBetter}, Holm-adjusted p {MetricText.P(r.AdjustedPValue)})"));
            if (gate.SliceRegression == SliceRegressionAction.Block && decision == GateDecision.Promote)
            {
                return new(GateDecision.SliceRegression, $"{comparison}; but significantly worse on {regressed.Count} slice(s): {list}");
            }

            comparison += $"; warning: significantly worse on {regressed.Count} slice(s): {list}";
        }

        return new(decision, comparison + thresholdNote);
    }

    /// <summary>
    /// The decision the paired interval of the gate metric supports, before McNemar, the guardrails, the threshold and
    /// the slices are applied.
    /// </summary>
    private static (GateDecision Decision, string Comparison) JudgeGateInterval(GateSpec gate, string name, string head, int holdoutRows, GateEvidence evidence)
    {
        var minDelta = MetricText.Plain(gate.MinDelta);
        var needed = evidence.RequiredRows is { } n ? $"; about {MetricText.Rows(n)} comparison rows would be needed to show it with 80 % power" : string.Empty;
        var resampling = evidence.BlockRows > 1 ? $"paired block bootstrap, blocks of {MetricText.Rows(evidence.BlockRows)} rows" : "paired bootstrap";
        string comparison;
        GateDecision decision;
        if (evidence.GateInterval is not { } ci)
        {
            comparison = $"{head}: the paired {name} difference could not be estimated (undefined in the resamples)";
            decision = GateDecision.InsufficientEvidence;
        }
        else
        {
            var interval = $"{MetricText.Signed(ci.Improvement)}, {MetricText.Percent(ci.Confidence)} CI [{MetricText.Signed(ci.Lower)}, {MetricText.Signed(ci.Upper)}] ({resampling}, {ci.Resamples} resamples)";
            if (gate.Mode == GateMode.NonInferiority)
            {
                (decision, comparison) = NonInferiority(gate, $"non-inferiority: {head}: {interval}", ci, holdoutRows);
            }
            else if (!(ci.Improvement > gate.MinDelta))
            {
                comparison = $"{head}: {interval}; the improvement {MetricText.Signed(ci.Improvement)} is not > minDelta {minDelta}";
                decision = GateDecision.NotBetter;
            }
            else if (holdoutRows < gate.MinHoldoutRows)
            {
                comparison = $"{head}: {interval}; the comparison rows are below their minimum of {MetricText.Rows(gate.MinHoldoutRows)}{needed}";
                decision = GateDecision.InsufficientEvidence;
            }
            else if (!(ci.Lower > gate.MinDelta))
            {
                comparison = $"{head}: {interval}; insufficient evidence: the lower bound is not > minDelta {minDelta}{needed}";
                decision = GateDecision.InsufficientEvidence;
            }
            else
            {
                comparison = $"{head}: {interval}; the lower bound is > minDelta {minDelta}";
                decision = GateDecision.Promote;
            }
        }

        return (decision, comparison);
    }

    /// <summary>One guardrail's verdict with its interval, e.g. "guardrail accuracy: challenger clearly worse: upper bound … &lt; −margin …".</summary>
    private static string Guardrail(GuardrailCheck check)
    {
        var name = $"guardrail {MetricText.Prose(check.Metric)}";
        var margin = MetricText.Plain(check.Margin);
        if (check.Interval is not { } ci)
        {
            return $"{name}: could not be estimated (undefined in the resamples), not applied";
        }

        var interval = $"{MetricText.Signed(ci.Improvement)}, {MetricText.Percent(ci.Confidence)} CI [{MetricText.Signed(ci.Lower)}, {MetricText.Signed(ci.Upper)}]";
        return check.Blocks
            ? $"{name}: challenger clearly worse: upper bound {MetricText.Signed(ci.Upper)} < -margin {margin} ({interval})"
            : $"{name}: {interval}, upper bound >= -margin {margin} (not clearly worse)";
    }

    /// <summary>The <see cref="GateMode.NonInferiority"/> decision on the interval: rejected only when the challenger is clearly worse.</summary>
    private static (GateDecision Decision, string Comparison) NonInferiority(GateSpec gate, string head, MetricInterval ci, int holdoutRows)
    {
        var margin = MetricText.Plain(gate.NonInferiorityMargin);
        if (ci.Upper < -gate.NonInferiorityMargin)
        {
            return (GateDecision.NotBetter, $"{head}; clearly worse: the upper bound is < -nonInferiorityMargin {margin}");
        }

        var minimum = RowSetPlanner.MinimumComparisonRows(gate);
        if (holdoutRows < minimum)
        {
            return (GateDecision.InsufficientEvidence, $"{head}; the comparison rows are below their minimum of {MetricText.Rows(minimum)}");
        }

        var thin = holdoutRows < gate.MinHoldoutRows
            ? $" (thin evidence: fewer than gate.minHoldoutRows {MetricText.Rows(gate.MinHoldoutRows)} comparison rows{(gate.Probation ? "; the deployment is on probation" : string.Empty)})"
            : string.Empty;
        return (GateDecision.Promote, $"{head}; not shown worse: the upper bound is >= -nonInferiorityMargin {margin}{thin}");
    }

    private static int IndexOf(this IReadOnlyList<TrainerKind> list, TrainerKind trainer)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == trainer)
            {
                return i;
            }
        }

        return -1;
    }
}
