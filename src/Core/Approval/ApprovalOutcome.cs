namespace RetrainFunctions.Core.Approval;

/// <summary>How an approval wait ended.</summary>
public enum ApprovalOutcome
{
    /// <summary>A person approved the candidate.</summary>
    Approved,

    /// <summary>A person rejected it.</summary>
    Rejected,

    /// <summary>Nobody decided in time and the policy approved it.</summary>
    TimedOutApproved,

    /// <summary>Nobody decided in time and the policy rejected it.</summary>
    TimedOutRejected,
}
