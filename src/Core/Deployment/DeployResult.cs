namespace RetrainFunctions.Core.Deployment;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.DeployModel"/>.</summary>
/// <param name="Deployed">Whether the production pointer now names the new version.</param>
/// <param name="Version">The version written (also when it lost a promotion race: it stays restorable).</param>
/// <param name="PreviousVersion">The production version before, or null.</param>
/// <param name="Reason">Why it was not deployed, when it was not.</param>
public sealed record DeployResult(bool Deployed, string Version, string? PreviousVersion, string? Reason = null);
