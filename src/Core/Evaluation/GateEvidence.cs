namespace RetrainFunctions.Core.Evaluation;

/// <summary>The statistical evidence behind a champion/challenger decision, written into the evaluation report.</summary>
/// <param name="Method">How the evidence was obtained, in words.</param>
/// <param name="McNemar">McNemar's test on paired correctness (classification), or null.</param>
/// <param name="Intervals">Paired bootstrap intervals of the improvement, one per metric defined for both models.</param>
/// <param name="GateInterval">The interval of the gate metric, or null when it could not be estimated.</param>
/// <param name="RequiredRows">
/// Comparison rows that would give the gate 80 % power (see <see cref="PairedStatistics.RequiredRows"/>), or null when no
/// finite number would (the point estimate does not clear minDelta and minDelta is 0).
/// </param>
/// <param name="Slices">Every slice that was compared.</param>
/// <param name="SliceCorrection">The multiple-testing correction and alpha used for the slices, in words.</param>
/// <param name="Guardrails">Every guardrail's interval and verdict (<see cref="Specs.GateSpec.Guardrails"/>); null or empty when none applies.</param>
/// <param name="BlockRows">The length of the contiguous time blocks the bootstrap resampled (1: single rows).</param>
public sealed record GateEvidence(
    string Method,
    McNemarTest? McNemar,
    IReadOnlyList<MetricInterval> Intervals,
    MetricInterval? GateInterval,
    int? RequiredRows,
    IReadOnlyList<SliceComparison> Slices,
    string SliceCorrection,
    IReadOnlyList<GuardrailCheck>? Guardrails = null,
    int BlockRows = 1);
