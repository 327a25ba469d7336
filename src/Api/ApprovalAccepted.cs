namespace RetrainFunctions.Api;

/// <summary>The 202 body of <c>POST /api/models/{model}/approval</c>.</summary>
/// <param name="Delivered">Always true: the decision was raised on the running instance, which decides whether it applies.</param>
/// <param name="InstanceId">The instance.</param>
public sealed record ApprovalAccepted(bool Delivered, string InstanceId);
