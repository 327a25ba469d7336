using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// The first promotion gate: a threshold and a minimum improvement on one metric, measured on the same holdout rows.
/// (A later version adds statistical tests.)
/// </summary>
/// <remarks>
/// <para>In <see cref="GateMode.NonInferiority"/> mode (<see cref="GateSpec.Mode"/>) the comparison with production is
/// reversed: the challenger is promoted unless it is shown worse — the upper bound of the interval of its improvement
/// (or, without per-row evidence, its point improvement) below −<see cref="GateSpec.NonInferiorityMargin"/> is
/// <see cref="GateDecision.NotBetter"/>. The threshold, minimum holdout and slice rules are those of the default mode,
/// and every reason of this mode starts with "non-inferiority:". See <see cref="NonInferiorityEvidenceRule"/>.</para>
/// </remarks>
/// <remarks>
/// <para>The challenger is the candidate with the best validation value of the gate metric (in the metric's better
/// direction); ties go to the trainer listed first in the spec; candidates without a defined value rank last.</para>
/// <para>The challenger is promoted if and only if
/// (1) the threshold, when set, holds on its holdout value — a minimum for higher-is-better metrics, a maximum for
/// lower-is-better ones — and
/// (2) there is no comparable production model, or its improvement <c>metric.Improvement(challenger, champion)</c> is at
/// least <see cref="GateSpec.MinDelta"/>; when MinDelta is 0 the challenger must be strictly better (improvement &gt; 0),
/// so a challenger identical to the champion is not promoted.
/// The decision is <see cref="GateDecision.BelowThreshold"/> when (1) fails, otherwise <see cref="GateDecision.NotBetter"/>
/// when (2) fails. A production model that cannot score the holdout (its input schema lacks a column, or it is of another
/// task) or has no defined value is not comparable: the reason says so and only the threshold applies. A challenger
/// without a defined holdout value (e.g. AUC on a one-class holdout) is <see cref="GateDecision.NotBetter"/>.</para>
/// </remarks>
internal static class PromotionGate
{
    /// <summary>The statistical rule, as written into evaluation reports when production can be compared row by row.</summary>
    public const string EvidenceRule =
        "Promote iff (threshold unset, or challenger holdout metric meets it) and (no comparable production model, or "
        + "the lower bound of the paired bootstrap confidence interval of the improvement (challenger - champion in the metric's better direction) > minDelta) "
        + "and no holdout slice regresses significantly (when gate.sliceRegression is Block). "
        + "BelowThreshold if the threshold fails; NotBetter if the point improvement is not > minDelta; "
        + "InsufficientEvidence if it is but the lower bound is not, or the holdout is below minHoldoutRows; SliceRegression if a slice blocks.";

    /// <summary>The statistical rule of <see cref="GateMode.NonInferiority"/>, as written into evaluation reports when production can be compared row by row.</summary>
    public const string NonInferiorityEvidenceRule =
        "Non-inferiority: promote iff (threshold unset, or challenger holdout metric meets it) and (no comparable production model, or "
        + "the upper bound of the paired bootstrap confidence interval of the improvement (challenger - champion in the metric's better direction) >= -nonInferiorityMargin) "
        + "and no holdout slice regresses significantly (when gate.sliceRegression is Block). "
        + "BelowThreshold if the threshold fails; NotBetter if the upper bound is < -nonInferiorityMargin (clearly worse); "
        + "InsufficientEvidence if the interval cannot be estimated or the holdout is below minHoldoutRows; SliceRegression if a slice blocks.";

    /// <summary>The point-estimate rule of <see cref="GateMode.NonInferiority"/>, as written into evaluation reports when no per-row evidence is available.</summary>
    public const string NonInferiorityRule =
        "Non-inferiority: promote iff (threshold unset, or challenger holdout metric meets it) "
        + "and (no comparable production model, or improvement >= -nonInferiorityMargin); BelowThreshold if the threshold fails, NotBetter otherwise.";

    /// <summary>The rule written into the evaluation report for <paramref name="mode"/>, with or without per-row evidence.</summary>
    public static string RuleFor(GateMode mode, bool withEvidence) => (mode, withEvidence) switch
    {
        (GateMode.NonInferiority, true) => NonInferiorityEvidenceRule,
        (GateMode.NonInferiority, false) => NonInferiorityRule,
        (_, true) => EvidenceRule,
        _ => Rule,
    };

    /// <summary>The point-estimate rule, as written into evaluation reports when no per-row evidence is available.</summary>
    public const string Rule =
        "Promote iff (threshold unset, or challenger holdout metric >= threshold for higher-is-better / <= threshold for lower-is-better) "
        + "and (no comparable production model, or improvement >= minDelta, strictly > 0 when minDelta is 0); "
        + "BelowThreshold if the threshold fails, NotBetter otherwise.";

    /// <summary>Picks the candidate with the best validation value of <paramref name="metric"/>; ties go to the first in <paramref name="specOrder"/>.</summary>
    public static CandidateResult ChooseChallenger(IReadOnlyList<CandidateResult> candidates, IReadOnlyList<TrainerKind> specOrder, EvaluationMetric metric)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(specOrder);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("At least one candidate is required to choose a challenger.", nameof(candidates));
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
        GateEvidence? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(challengerMetrics);
        var name = MetricText.Name(metric);
        var rows = $"{MetricText.Rows(holdoutRows)} holdout rows";

        if (!challengerMetrics.TryGetValue(metric, out var value) || !double.IsFinite(value))
        {
            return new(GateDecision.NotBetter, $"challenger {challenger} has no defined {name} on {rows} (for example the holdout holds one class only); it cannot be promoted");
        }

        var higher = metric.HigherIsBetter();
        var subject = $"challenger {challenger} {name} {MetricText.Value(value)}";
        string? thresholdFailure = null;
        var thresholdNote = string.Empty;
        if (gate.Threshold is { } threshold)
        {
            var holds = higher ? value >= threshold : value <= threshold;
            var bar = $"threshold {name} {(higher ? ">=" : "<=")} {MetricText.Plain(threshold)}";
            thresholdNote = holds ? $"; meets {bar}" : string.Empty;
            thresholdFailure = holds ? null : $"misses {bar}";
        }

        string comparison;
        var better = true;
        if (championVersion is null)
        {
            comparison = $"{subject} on {rows}; no production model to compare with (first version)";
        }
        else if (championProblem is not null)
        {
            comparison = $"{subject} on {rows}; production {championVersion} cannot score the holdout ({championProblem}), so only the threshold applies";
        }
        else if (championMetrics is null || !championMetrics.TryGetValue(metric, out var championValue) || !double.IsFinite(championValue))
        {
            comparison = $"{subject} on {rows}; production {championVersion} has no defined {name} on the holdout, so only the threshold applies";
        }
        else if (evidence is not null)
        {
            return DecideOnEvidence(metric, gate, subject, championVersion, championValue, rows, holdoutRows, thresholdFailure, thresholdNote, evidence);
        }
        else
        {
            var improvement = metric.Improvement(value, championValue);
            if (gate.Mode == GateMode.NonInferiority)
            {
                var margin = gate.NonInferiorityMargin;
                better = improvement >= -margin;
                comparison = $"non-inferiority: {subject} vs production {championVersion} {name} {MetricText.Value(championValue)} on {rows}: "
                    + $"{MetricText.Signed(improvement)} {(better ? ">=" : "<")} -nonInferiorityMargin {MetricText.Plain(margin)}{(better ? " (not worse beyond the margin)" : " (worse beyond the margin)")}";
                return thresholdFailure is not null
                    ? new(GateDecision.BelowThreshold, $"{comparison}; {thresholdFailure}")
                    : new(better ? GateDecision.Promote : GateDecision.NotBetter, comparison + thresholdNote);
            }

            better = gate.MinDelta > 0 ? improvement >= gate.MinDelta : improvement > 0;
            var op = gate.MinDelta > 0
                ? (better ? ">=" : "<")
                : (better ? ">" : "is not >");
            var strict = gate.MinDelta > 0 ? string.Empty : " (strictly better required)";
            comparison = $"{subject} vs production {championVersion} {name} {MetricText.Value(championValue)} on {rows}: "
                + $"{MetricText.Signed(improvement)} {op} minDelta {MetricText.Plain(gate.MinDelta)}{strict}";
        }

        if (thresholdFailure is not null)
        {
            return new(GateDecision.BelowThreshold, $"{comparison}; {thresholdFailure}");
        }

        return better
            ? new(GateDecision.Promote, comparison + thresholdNote)
            : new(GateDecision.NotBetter, comparison + thresholdNote);
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
        var minDelta = MetricText.Plain(gate.MinDelta);
        var needed = evidence.RequiredRows is { } n ? $"; about {MetricText.Rows(n)} holdout rows would be needed to show it with 80 % power" : string.Empty;
        string comparison;
        GateDecision decision;
        if (evidence.GateInterval is not { } ci)
        {
            comparison = $"{head}: the paired {name} difference could not be estimated (undefined in the resamples)";
            decision = GateDecision.InsufficientEvidence;
        }
        else
        {
            var interval = $"{MetricText.Signed(ci.Improvement)}, {MetricText.Percent(ci.Confidence)} CI [{MetricText.Signed(ci.Lower)}, {MetricText.Signed(ci.Upper)}] (paired bootstrap, {ci.Resamples} resamples)";
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
                comparison = $"{head}: {interval}; the holdout is below its minimum of {MetricText.Rows(gate.MinHoldoutRows)} rows{needed}";
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

        if (evidence.McNemar is { } mcnemar)
        {
            comparison += $"; McNemar {mcnemar.ChallengerOnlyCorrect} vs {mcnemar.ChampionOnlyCorrect} discordant rows, exact p {MetricText.P(mcnemar.ExactPValue)}, mid-p {MetricText.P(mcnemar.MidPValue)}";
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

    /// <summary>The <see cref="GateMode.NonInferiority"/> decision on the interval: rejected only when the challenger is clearly worse.</summary>
    private static (GateDecision Decision, string Comparison) NonInferiority(GateSpec gate, string head, MetricInterval ci, int holdoutRows)
    {
        var margin = MetricText.Plain(gate.NonInferiorityMargin);
        if (ci.Upper < -gate.NonInferiorityMargin)
        {
            return (GateDecision.NotBetter, $"{head}; clearly worse: the upper bound is < -nonInferiorityMargin {margin}");
        }

        if (holdoutRows < gate.MinHoldoutRows)
        {
            return (GateDecision.InsufficientEvidence, $"{head}; the holdout is below its minimum of {MetricText.Rows(gate.MinHoldoutRows)} rows");
        }

        return (GateDecision.Promote, $"{head}; not shown worse: the upper bound is >= -nonInferiorityMargin {margin}");
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
