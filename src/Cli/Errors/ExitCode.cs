namespace RetrainFunctions.Cli.Errors;

/// <summary>
/// The exit codes of <c>retrain</c>, one per outcome, documented in the README. A script can tell a deployment from a
/// skip, a rejection for bad data from a rejection on evidence, and a usage error from a failure.
/// </summary>
public enum ExitCode
{
    /// <summary>The command did what it was asked; for <c>run</c>: a new version is in production.</summary>
    Success = 0,

    /// <summary>A run stage failed, or the store, the server or the engine could not do what was asked.</summary>
    Failed = 1,

    /// <summary>Bad arguments, a missing or unreadable input file, no spec or an invalid one, no such store.</summary>
    UsageError = 2,

    /// <summary><c>run</c>: nothing new to learn from, or the retraining policy said not yet; nothing was trained.</summary>
    Skipped = 3,

    /// <summary>
    /// <c>run</c>: every new batch failed validation and was quarantined (rejected for data); <c>init</c>: the data cannot
    /// train a classifier (its label has fewer than two values, or values that differ only in case).
    /// </summary>
    DataInvalid = 4,

    /// <summary><c>run</c>: the challenger is not better than production.</summary>
    NotBetter = 5,

    /// <summary><c>run</c>: too little data or evidence to decide (insufficient data, insufficient evidence).</summary>
    Insufficient = 6,

    /// <summary><c>run</c>: the challenger is significantly worse than production on a slice.</summary>
    SliceRegression = 7,

    /// <summary><c>run</c>: the challenger misses the gate's absolute threshold.</summary>
    BelowThreshold = 8,

    /// <summary><c>run</c>: production changed during the run; the version is kept, not deployed.</summary>
    Superseded = 9,

    /// <summary><c>run</c>: the promotion waited for an approval that never came.</summary>
    ApprovalPending = 10,

    /// <summary><c>run</c>: a person rejected the promotion.</summary>
    ApprovalRefused = 11,

    /// <summary><c>run</c>: another process runs this model on this store (the run lease is held).</summary>
    Busy = 12,

    /// <summary><c>approve</c>/<c>reject</c>: no run of the model waits for approval, the process hosting the wait stopped, or the candidate was decided already.</summary>
    NoApprovalWaiting = 13,

    /// <summary><c>approve</c>/<c>reject</c>: the candidate is not the one waiting, or the digest is not that of its evaluation report.</summary>
    ApprovalMismatch = 14,

    /// <summary>Interrupted by Ctrl+C.</summary>
    Cancelled = 130,
}
