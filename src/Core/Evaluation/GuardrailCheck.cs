using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// One guardrail of the gate (<see cref="GateSpec.Guardrails"/>) on the comparison rows: a one-sided non-inferiority test
/// of the challenger against production on a secondary metric.
/// </summary>
/// <param name="Metric">The guarded metric.</param>
/// <param name="Margin">How much worse than production (better direction) the challenger may be shown to be.</param>
/// <param name="Interval">The paired block bootstrap interval of the improvement (challenger − production, better direction), or null when it could not be estimated.</param>
/// <param name="Blocks">Whether the guardrail blocks a promotion: the interval's upper bound is below −<paramref name="Margin"/>.</param>
public sealed record GuardrailCheck(EvaluationMetric Metric, double Margin, MetricInterval? Interval, bool Blocks);
