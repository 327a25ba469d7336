namespace RetrainFunctions.Core.Orchestration;

/// <summary>The orchestration's custom status while it runs: the stage in progress.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Stage">The stage in progress.</param>
/// <param name="Detail">A short note (e.g. the trainers in the fan-out).</param>
public sealed record RunProgress(string RunId, PipelineStage Stage, string? Detail = null);
