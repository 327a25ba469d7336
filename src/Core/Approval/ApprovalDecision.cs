namespace RetrainFunctions.Core.Approval;

/// <summary>
/// A person's decision on a challenger waiting for approval. It is bound to the candidate version and the digest of
/// the evaluation report the approver saw, so an approval of anything else is refused as stale.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="CandidateVersion">The version (run id) being approved or rejected.</param>
/// <param name="EvaluationDigest">SHA-256 of the evaluation report the approver reviewed.</param>
/// <param name="Approved">Approve (deploy) or reject.</param>
/// <param name="By">Who decided.</param>
/// <param name="Reason">Why, for the decision record.</param>
public sealed record ApprovalDecision(string Model, string CandidateVersion, string EvaluationDigest, bool Approved, string By, string? Reason = null);
