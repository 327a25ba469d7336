using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Cli.Errors;

/// <summary>The exit code of <c>retrain run</c> for each way a run ends.</summary>
internal static class RunExitCodes
{
    /// <summary>The exit code for <paramref name="record"/>'s outcome (and, for a rejection, its reason).</summary>
    public static ExitCode For(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Outcome switch
        {
            RunOutcome.Deployed => ExitCode.Success,
            RunOutcome.Skipped => ExitCode.Skipped,
            RunOutcome.Failed => ExitCode.Failed,
            RunOutcome.Rejected => record.Rejection switch
            {
                RejectionReason.DataInvalid => ExitCode.DataInvalid,
                RejectionReason.NotBetter => ExitCode.NotBetter,
                RejectionReason.InsufficientData or RejectionReason.InsufficientEvidence => ExitCode.Insufficient,
                RejectionReason.SliceRegression => ExitCode.SliceRegression,
                RejectionReason.BelowThreshold => ExitCode.BelowThreshold,
                RejectionReason.Superseded => ExitCode.Superseded,
                RejectionReason.ApprovalTimedOut => ExitCode.ApprovalPending,
                RejectionReason.ApprovalDenied => ExitCode.ApprovalRefused,
                _ => ExitCode.Failed,
            },
            _ => ExitCode.Failed,
        };
    }
}
