using System.Globalization;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli;

/// <summary>Short, human renderings of run records for the terminal.</summary>
internal static class RunRecordFormatter
{
    public static string Outcome(RunRecord record) => record.Rejection is { } reason ? $"{record.Outcome}({reason})" : $"{record.Outcome}";

    public static string Validation(RunRecord record) => record.Validation is null
        ? "-"
        : record.Validation.Quarantined.Count == 0
            ? $"{record.Validation.Accepted.Count} ok"
            : $"{record.Validation.Accepted.Count} ok, {record.Validation.Quarantined.Count} quarantined";

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

    public static string Short(TrainerKind trainer) => trainer switch
    {
        TrainerKind.LbfgsLogisticRegression => "Lbfgs",
        TrainerKind.LbfgsMaximumEntropy => "MaxEnt",
        _ => trainer.ToString(),
    };
}
