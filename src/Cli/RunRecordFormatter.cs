using System.Globalization;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli;

/// <summary>Short, human renderings of run records for the terminal.</summary>
internal static class RunRecordFormatter
{
    public static string Outcome(RunRecord record) => record.Rejection is { } reason ? $"{record.Outcome}({reason})" : $"{record.Outcome}";

    public static string Validation(RunRecord record)
    {
        if (record.Validation is not { } validation)
        {
            return "-";
        }

        var parts = new List<string> { $"{validation.Accepted.Count} ok" };
        if (validation.Quarantined.Count > 0)
        {
            parts.Add($"{validation.Quarantined.Count} quarantined");
        }

        if (validation.Accepted.Sum(a => a.Warnings) is > 0 and var warnings)
        {
            parts.Add($"{warnings} warning(s)");
        }

        if (Drift(record) is { } drift)
        {
            parts.Add($"drift {drift}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>The drift of the run's accepted data in a few words, or null when it was not measured.</summary>
    public static string? Drift(RunRecord record) => record.Validation?.Drift is { Measured: true } drift
        ? string.Create(CultureInfo.InvariantCulture, $"{drift.DriftedShare:P1} weighted{(drift.DatasetDrifted ? " (dataset drifted)" : string.Empty)}")
            + (drift.DriftedFeatures.Count > 0 ? $": {string.Join(", ", drift.DriftedFeatures.Take(3))}{(drift.DriftedFeatures.Count > 3 ? ", ..." : string.Empty)}" : string.Empty)
            + (drift.LabelDrifted ? "; label drifted" : string.Empty)
        : null;

    /// <summary>
    /// The decision in one short line: the outcome, the first sentence of the reason (at most 140 characters) and, for a
    /// deployment, the version.
    /// </summary>
    public static string Headline(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var reason = record.Reason ?? string.Empty;
        var end = reason.IndexOf(". ", StringComparison.Ordinal);
        var first = end > 0 ? reason[..(end + 1)] : reason;
        return first.Length <= 140 ? first : string.Concat(first.AsSpan(0, 139), "…");
    }

    /// <summary>"Verdict: reason" without repeating the verdict when the reason already starts with it.</summary>
    public static string Prefixed(string verdict, string? reason) =>
        reason is null ? verdict
        : reason.StartsWith(verdict + ":", StringComparison.OrdinalIgnoreCase) ? reason
        : $"{verdict}: {reason}";

    public static string Candidates(RunRecord record, EvaluationMetric metric) => record.Candidates is not { Count: > 0 } candidates
        ? "-"
        : string.Join(" ", candidates.Select(c => $"{Short(c.Trainer)} {Metric(c.ValidationMetrics, metric)}"));

    public static string Champion(RunRecord record) => record.Evaluation is { ChampionMetrics: { } metrics } evaluation
        ? Metric(metrics, evaluation.Metric)
        : record.Evaluation is null ? "-" : "none";

    public static string Challenger(RunRecord record) => record.Evaluation is { } evaluation
        ? $"{Metric(evaluation.ChallengerMetrics, evaluation.Metric)} {Short(evaluation.Challenger)}"
        : "-";

    /// <summary>
    /// The warning line when production was shown worse than a trivial baseline on the comparison rows (e.g. always
    /// predicting the majority class), or null.
    /// </summary>
    public static string? BaselineWarning(RunRecord record) => record.Evaluation is { Baseline: { Worse: true } baseline } evaluation
        ? $"warning: production {evaluation.ChampionVersion} is worse than {baseline.Baseline} on the comparison rows "
            + $"({Name(baseline.Metric)} {baseline.Production.ToString("0.000", CultureInfo.InvariantCulture)} vs {baseline.BaselineValue.ToString("0.000", CultureInfo.InvariantCulture)})"
        : null;

    public static string Metric(IReadOnlyDictionary<EvaluationMetric, double> metrics, EvaluationMetric metric) =>
        metrics.TryGetValue(metric, out var value) && double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Name(EvaluationMetric metric) => metric switch
    {
        EvaluationMetric.Accuracy => "accuracy",
        EvaluationMetric.MicroAccuracy => "micro-accuracy",
        EvaluationMetric.Mae => "MAE",
        _ => metric.ToString(),
    };

    public static string Short(TrainerKind trainer) =>
        trainer == TrainerKind.LbfgsLogisticRegression ? "Lbfgs"
        : trainer == TrainerKind.LbfgsMaximumEntropy ? "MaxEnt"
        : trainer.ToString();
}
