namespace RetrainFunctions.Core.Approval;

/// <summary>The answer to a decision: whether it was accepted, and if not, why, in one sentence for people.</summary>
/// <param name="Status">Accepted, or the reason it was refused.</param>
/// <param name="Message">One sentence: what happens next, or what was wrong (naming the expected candidate or digest).</param>
/// <param name="Pending">The approval the decision was checked against, when a run was waiting.</param>
public sealed record ApprovalReceipt(ApprovalStatus Status, string Message, PendingApproval? Pending)
{
    /// <summary>Gets whether the decision was accepted.</summary>
    public bool Accepted => Status == ApprovalStatus.Accepted;
}
