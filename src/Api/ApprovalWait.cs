using RetrainFunctions.Core.Approval;

namespace RetrainFunctions.Api;

/// <summary>The body of <c>GET /api/models/{model}/approval</c>.</summary>
/// <param name="Pending">The approval a run waits for, or null when none does.</param>
/// <param name="Alive">Whether the waiting run's host still renews the wait (a decision can then reach it).</param>
public sealed record ApprovalWait(PendingApproval? Pending, bool Alive);
