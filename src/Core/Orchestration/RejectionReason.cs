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
}
