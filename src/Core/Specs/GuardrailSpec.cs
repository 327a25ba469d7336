namespace RetrainFunctions.Core.Specs;

/// <summary>
/// A guardrail of the promotion gate: a secondary metric on which the challenger must not be clearly worse than
/// production. It blocks a promotion when the upper bound of the paired bootstrap interval of the challenger's
/// improvement (challenger − production, better direction) is below −<see cref="Margin"/> (a one-sided non-inferiority
/// test at <see cref="GateSpec.Confidence"/>).
/// </summary>
public sealed record GuardrailSpec
{
    /// <summary>Gets the metric guarded (one of the task's metrics, <see cref="EvaluationMetrics.ForTask"/>).</summary>
    public EvaluationMetric Metric { get; init; }

    /// <summary>Gets how much worse than production the challenger may be shown to be on <see cref="Metric"/>. <value>Default: 0.</value></summary>
    public double Margin { get; init; }
}
