namespace RetrainFunctions.Core.Policies;

/// <summary>The data-drift trigger: fires on the drift stage's <see cref="DriftSignal"/>.</summary>
public sealed record DriftTriggerSpec
{
    /// <summary>Gets the score at or above which the trigger fires. <value>Default: unset (use the drift stage's verdict only).</value></summary>
    public double? ScoreThreshold { get; init; }

    /// <summary>Gets whether the drift stage's own verdict fires the trigger. <value>Default: <see langword="true"/>.</value></summary>
    public bool OnVerdict { get; init; } = true;
}
