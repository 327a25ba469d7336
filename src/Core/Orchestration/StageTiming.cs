namespace RetrainFunctions.Core.Orchestration;

/// <summary>When a stage ran, in orchestration time.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="StartedAt">When the orchestrator scheduled it.</param>
/// <param name="CompletedAt">When its result was recorded.</param>
public sealed record StageTiming(PipelineStage Stage, DateTimeOffset StartedAt, DateTimeOffset CompletedAt)
{
    /// <summary>Gets the stage's wall time.</summary>
    public TimeSpan Duration => CompletedAt - StartedAt;
}
