namespace RetrainFunctions.Core.Specs;

/// <summary>What happens when nobody decides on a challenger waiting for approval before the timeout.</summary>
public enum ApprovalTimeoutPolicy
{
    /// <summary>The run ends Rejected (<c>ApprovalTimedOut</c>); production stays as it is.</summary>
    Reject,

    /// <summary>The challenger is deployed as if approved; the record says it was by timeout.</summary>
    Approve,
}
