using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>The evaluation report of a run (<c>runs/{model}/{runId}/evaluation.json</c>): both models on the same holdout, the rule and the decision.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="EvaluatedAt">When the evaluation ran.</param>
/// <param name="Task">The task.</param>
/// <param name="Metric">The decisive metric.</param>
/// <param name="HigherIsBetter">Whether a larger <paramref name="Metric"/> is better.</param>
/// <param name="MinDelta">The required improvement.</param>
/// <param name="Threshold">The absolute bar, if set.</param>
/// <param name="Rule">The gate rule in words.</param>
/// <param name="Decision">What the gate decided.</param>
/// <param name="Reason">Why, with the figures.</param>
/// <param name="HoldoutPath">The holdout split both models were scored on.</param>
/// <param name="HoldoutRows">Its rows.</param>
/// <param name="Challenger">The challenger's trainer.</param>
/// <param name="ChallengerPath">The challenger model.</param>
/// <param name="ChallengerMetrics">The challenger's holdout metrics (all of the task's defined metrics).</param>
/// <param name="ChampionVersion">The production version, or null when there is none.</param>
/// <param name="ChampionPath">The production model, or null.</param>
/// <param name="ChampionMetrics">Production's holdout metrics, or null when there is none or it could not score.</param>
/// <param name="ChampionProblem">Why production could not score the holdout, or null.</param>
/// <param name="Candidates">Every candidate with its validation metrics.</param>
/// <param name="Evidence">The paired statistics (McNemar, bootstrap intervals, slices) when production could be compared row by row.</param>
/// <param name="Mode">Which rule decided (<see cref="GateSpec.Mode"/>): superiority or non-inferiority.</param>
/// <param name="Baseline">Production against a trivial baseline on the comparison rows (flagged when worse), or null without a comparable production model.</param>
public sealed record EvaluationReport(
    string Model,
    string RunId,
    DateTimeOffset EvaluatedAt,
    ModelTask Task,
    EvaluationMetric Metric,
    bool HigherIsBetter,
    double MinDelta,
    double? Threshold,
    string Rule,
    GateDecision Decision,
    string Reason,
    string HoldoutPath,
    int HoldoutRows,
    TrainerKind Challenger,
    string ChallengerPath,
    IReadOnlyDictionary<EvaluationMetric, double> ChallengerMetrics,
    string? ChampionVersion,
    string? ChampionPath,
    IReadOnlyDictionary<EvaluationMetric, double>? ChampionMetrics,
    string? ChampionProblem,
    IReadOnlyList<CandidateResult> Candidates,
    GateEvidence? Evidence = null,
    GateMode Mode = GateMode.Superiority,
    BaselineCheck? Baseline = null);
