namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Whether a promoted challenger waits for a person's decision before it is deployed
/// (<c>approval: { "required": true, "timeoutHours": 24, "onTimeout": "Reject" }</c>).
/// </summary>
public sealed record ApprovalSpec
{
    /// <summary>Gets whether a promotion needs an approval. <value>Default: false (the gate alone decides).</value></summary>
    public bool Required { get; init; }

    /// <summary>Gets how long the run waits for a decision, in hours (fractions allowed). <value>Default: 24.</value></summary>
    public double TimeoutHours { get; init; } = 24;

    /// <summary>Gets what happens when nobody decides in time. <value>Default: <see cref="ApprovalTimeoutPolicy.Reject"/>.</value></summary>
    public ApprovalTimeoutPolicy OnTimeout { get; init; } = ApprovalTimeoutPolicy.Reject;
}
