namespace RetrainFunctions.Core.Approval;

/// <summary>A decision that arrived for another candidate or evaluation than the one waiting; recorded and ignored.</summary>
/// <param name="Decision">The decision as received.</param>
/// <param name="ReceivedAt">When it arrived (orchestration time).</param>
/// <param name="Why">Which binding did not match.</param>
public sealed record StaleApproval(ApprovalDecision Decision, DateTimeOffset ReceivedAt, string Why);
