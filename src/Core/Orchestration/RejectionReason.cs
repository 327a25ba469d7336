namespace RetrainFunctions.Core.Orchestration;

/// <summary>Why a run was <see cref="RunOutcome.Rejected"/>.</summary>
public enum RejectionReason
{
    /// <summary>Every new batch failed validation and was quarantined.</summary>
    DataInvalid,

    /// <summary>The training snapshot or its holdout is too small to decide on.</summary>
    InsufficientData,

    /// <summary>The challenger is not better than production by the gate's minimum delta.</summary>
    NotBetter,

    /// <summary>The challenger misses the gate's absolute threshold.</summary>
    BelowThreshold,

    /// <summary>Production changed during the run (another promotion won); the version is kept, not deployed.</summary>
    Superseded,

    /// <summary>The challenger looks better but the paired evidence does not show it (the lower confidence bound does not clear minDelta, or the holdout is too small).</summary>
    InsufficientEvidence,

    /// <summary>The challenger is significantly worse than production on a holdout slice.</summary>
    SliceRegression,

    /// <summary>A person rejected the promotion.</summary>
    ApprovalDenied,

    /// <summary>Nobody decided on the promotion before the approval timeout, and the policy is to reject.</summary>
    ApprovalTimedOut,
}
