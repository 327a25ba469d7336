namespace RetrainFunctions.Core.Approval;

/// <summary>What became of a decision checked against the run waiting for it (<see cref="ApprovalStore.FileAsync"/>).</summary>
public enum ApprovalStatus
{
    /// <summary>The decision names the waiting candidate and its evaluation digest; it was recorded for the run.</summary>
    Accepted,

    /// <summary>No run of the model is waiting for approval.</summary>
    NoRunWaiting,

    /// <summary>A run was waiting, but the process hosting it stopped renewing its wait: nothing would deliver the decision.</summary>
    RunAbandoned,

    /// <summary>The decision names another candidate than the one waiting.</summary>
    UnknownCandidate,

    /// <summary>The decision names another evaluation report than the one under review (stale or mistyped digest).</summary>
    WrongDigest,

    /// <summary>Someone decided on this candidate already; the first decision stands.</summary>
    AlreadyDecided,
}
