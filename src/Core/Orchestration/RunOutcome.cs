namespace RetrainFunctions.Core.Orchestration;

/// <summary>How a run ended. Every run ends in exactly one of these and writes a run record.</summary>
public enum RunOutcome
{
    /// <summary>A new version is in production.</summary>
    Deployed,

    /// <summary>The run finished and production stayed as it was; <see cref="RejectionReason"/> says why.</summary>
    Rejected,

    /// <summary>Nothing new to learn from; nothing was trained.</summary>
    Skipped,

    /// <summary>A stage failed after its retries; production stayed as it was.</summary>
    Failed,

    /// <summary>
    /// The process running it stopped (killed, crashed) before it recorded an outcome; recorded by the next run, which
    /// sent its batches back to be validated and learned from again.
    /// </summary>
    Interrupted,
}
