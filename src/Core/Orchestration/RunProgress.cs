namespace RetrainFunctions.Core.Orchestration;

/// <summary>The orchestration's custom status while it runs: the stage in progress.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Stage">The stage in progress.</param>
/// <param name="Detail">A short note (e.g. the trainers in the fan-out; "awaiting approval ..." while waiting).</param>
/// <param name="CandidateVersion">While awaiting approval: the version an approval must name.</param>
/// <param name="EvaluationDigest">While awaiting approval: the SHA-256 of the evaluation report an approval must name.</param>
/// <param name="ApprovalDeadline">While awaiting approval: when the timeout policy applies.</param>
public sealed record RunProgress(
    string RunId,
    PipelineStage Stage,
    string? Detail = null,
    string? CandidateVersion = null,
    string? EvaluationDigest = null,
    DateTimeOffset? ApprovalDeadline = null);
