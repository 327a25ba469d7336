namespace RetrainFunctions.Hosting;

/// <summary>The result of <see cref="ApprovalSubmitter.SubmitAsync"/>.</summary>
/// <param name="InstanceId">The model's instance.</param>
/// <param name="Delivered">Whether the decision was raised on a running instance (its run decides whether it applies).</param>
/// <param name="Problem">Why it was not delivered.</param>
public sealed record ApprovalSubmission(string InstanceId, bool Delivered, string? Problem);
