namespace RetrainFunctions.Core.Specs;

/// <summary>How the challenger is evaluated against production and when it is promoted.</summary>
public sealed record GateSpec
{
    /// <summary>Gets the metric that decides. <value>Default: the task's default (<see cref="EvaluationMetrics.DefaultFor"/>).</value></summary>
    public EvaluationMetric? Metric { get; init; }

    /// <summary>
    /// Gets the improvement the challenger must show over production on <see cref="Metric"/>, in the metric's
    /// "better" direction. <value>Default: 0 (any improvement).</value>
    /// </summary>
    public double MinDelta { get; init; }

    /// <summary>
    /// Gets the absolute bar on <see cref="Metric"/> (a minimum for higher-is-better metrics, a maximum for
    /// lower-is-better ones). <value>Default: unset.</value>
    /// </summary>
    public double? Threshold { get; init; }

    /// <summary>Gets the share of the newest rows held out for champion/challenger comparison. <value>Default: 0.2.</value></summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Gets the share of rows before the holdout used to pick the best candidate. <value>Default: 0.1.</value></summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Gets the minimum number of holdout rows. <value>Default: 50.</value></summary>
    public int MinHoldoutRows { get; init; } = 50;

    /// <summary>Gets the decisive metric for <paramref name="task"/>.</summary>
    public EvaluationMetric EffectiveMetric(ModelTask task) => Metric ?? EvaluationMetrics.DefaultFor(task);
}
