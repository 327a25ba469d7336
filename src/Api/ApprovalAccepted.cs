namespace RetrainFunctions.Api;

/// <summary>The 202 body of <c>POST /api/models/{model}/approval</c>.</summary>
/// <param name="Delivered">Always true: the decision fits the waiting run and was raised on it, or filed for the process hosting it.</param>
/// <param name="InstanceId">The model's instance.</param>
/// <param name="Message">What happens next, for people.</param>
public sealed record ApprovalAccepted(bool Delivered, string InstanceId, string Message);
