namespace RetrainFunctions.Core.Policies;

/// <summary>
/// The performance trigger: a change detector over the production model's per-row errors on newly labeled data
/// (<see cref="PolicyEvidence.Errors"/>). The detector starts a clean record when a new version reaches production; while
/// the gate keeps rejecting the retrains its alarm asks for, the retries back off (<see cref="MaxRetryWaitDecisions"/>).
/// </summary>
public sealed record PerformanceTriggerSpec
{
    /// <summary>Gets the detector. <value>Default: <see cref="ChangeDetectorKind.Ddm"/>.</value></summary>
    public ChangeDetectorKind Detector { get; init; } = ChangeDetectorKind.Ddm;

    /// <summary>Gets the samples a detector needs before it may alarm. <value>Default: 30.</value></summary>
    public int MinSamples { get; init; } = 30;

    /// <summary>Gets DDM's warning level in standard deviations. <value>Default: 2.</value></summary>
    public double DdmWarningLevel { get; init; } = 2.0;

    /// <summary>Gets DDM's drift level in standard deviations. <value>Default: 3.</value></summary>
    public double DdmDriftLevel { get; init; } = 3.0;

    /// <summary>Gets Page–Hinkley's tolerated deviation δ per sample. <value>Default: 0.005.</value></summary>
    public double PageHinkleyDelta { get; init; } = 0.005;

    /// <summary>Gets Page–Hinkley's alarm threshold λ on the cumulative deviation. <value>Default: 50 (MOA's default).</value></summary>
    public double PageHinkleyLambda { get; init; } = 50.0;

    /// <summary>Gets Page–Hinkley's forgetting factor α applied to the cumulative sum. <value>Default: 0.9999.</value></summary>
    public double PageHinkleyAlpha { get; init; } = 0.9999;

    /// <summary>Gets ADWIN's confidence δ. <value>Default: 0.002.</value></summary>
    public double AdwinDelta { get; init; } = 0.002;

    /// <summary>
    /// Gets the longest wait, in decisions, between two retrains asked for by one alarm that the gate keeps rejecting.
    /// After the k-th rejected retrain the alarm asks again once 2^(k−1) decisions have passed (1, 2, 4, 8 …, at most
    /// this): each retry is then judged on at least as many new comparison rows as all the rejected ones together, the
    /// way a client backs off a call that keeps failing. 1 retries on every decision.
    /// <value>Default: 4 (measured: docs/backtest.md, "Tenth session").</value>
    /// </summary>
    public int MaxRetryWaitDecisions { get; init; } = 4;

    /// <summary>Returns the decisions to wait after <paramref name="rejectedRetrains"/> retrains the gate rejected on one alarm (0: none).</summary>
    public int RetryWait(int rejectedRetrains) =>
        rejectedRetrains <= 0 ? 0 : Math.Min(Math.Max(1, MaxRetryWaitDecisions), 1 << Math.Min(rejectedRetrains - 1, 30));
}
