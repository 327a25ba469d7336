namespace RetrainFunctions.Core.Orchestration;

/// <summary>External events the retraining orchestration listens to.</summary>
public static class RetrainEvents
{
    /// <summary>
    /// Raised on a running instance when another trigger arrives for its model. The run does not restart; when it
    /// ends it continues as new so that data uploaded meanwhile is picked up by the next run.
    /// </summary>
    public const string RetrainRequested = nameof(RetrainRequested);

    /// <summary>
    /// Raised on a run waiting for approval (<see cref="Approval.ApprovalDecision"/>). A decision for another candidate
    /// or evaluation digest is recorded as stale and ignored; the run keeps waiting until its timeout.
    /// </summary>
    public const string ApprovalDecided = nameof(ApprovalDecided);
}
