using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.EvaluateModel"/>: champion and challenger on the same holdout, and the gate's decision.</summary>
/// <param name="Decision">What the gate decided.</param>
/// <param name="Reason">Why, with the figures (for people).</param>
/// <param name="Metric">The decisive metric.</param>
/// <param name="Challenger">The trainer of the challenger.</param>
/// <param name="ChallengerPath">The challenger model.</param>
/// <param name="ChallengerMetrics">The challenger's holdout metrics.</param>
/// <param name="ChampionVersion">The production version compared against, or null for the first model.</param>
/// <param name="ChampionMetrics">The champion's holdout metrics, or null for the first model.</param>
/// <param name="HoldoutRows">Rows both were scored on.</param>
/// <param name="ReportPath">The stored evaluation report.</param>
/// <param name="ReportSha256">SHA-256 (lower-case hex) of the stored report's bytes: what an approval is bound to.</param>
/// <param name="Evidence">The paired statistics behind the decision, or null for a first model.</param>
/// <param name="Mode">Which rule decided (<see cref="GateSpec.Mode"/>): superiority or non-inferiority.</param>
/// <param name="Baseline">Production against a trivial baseline on the comparison rows (flagged when worse), or null without a comparable production model.</param>
public sealed record EvaluationResult(
    GateDecision Decision,
    string Reason,
    EvaluationMetric Metric,
    TrainerKind Challenger,
    string ChallengerPath,
    IReadOnlyDictionary<EvaluationMetric, double> ChallengerMetrics,
    string? ChampionVersion,
    IReadOnlyDictionary<EvaluationMetric, double>? ChampionMetrics,
    int HoldoutRows,
    string ReportPath,
    string? ReportSha256 = null,
    GateEvidence? Evidence = null,
    GateMode Mode = GateMode.Superiority,
    BaselineCheck? Baseline = null);
