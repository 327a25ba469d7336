namespace RetrainFunctions.Core.Approval;

/// <summary>The approval step of a run, for its record: what was awaited, who decided, when and why.</summary>
/// <param name="CandidateVersion">The version waiting (the run id).</param>
/// <param name="EvaluationDigest">SHA-256 of the evaluation report the decision had to be bound to.</param>
/// <param name="RequestedAt">When the wait began.</param>
/// <param name="Deadline">When the timeout policy applies.</param>
/// <param name="Outcome">How the wait ended.</param>
/// <param name="DecidedBy">Who decided, or null on timeout.</param>
/// <param name="DecidedAt">When it ended.</param>
/// <param name="Reason">The approver's reason, or the timeout policy.</param>
/// <param name="Stale">Decisions refused because they were bound to something else.</param>
public sealed record ApprovalRecord(
    string CandidateVersion,
    string EvaluationDigest,
    DateTimeOffset RequestedAt,
    DateTimeOffset Deadline,
    ApprovalOutcome Outcome,
    string? DecidedBy,
    DateTimeOffset DecidedAt,
    string? Reason,
    IReadOnlyList<StaleApproval> Stale);
