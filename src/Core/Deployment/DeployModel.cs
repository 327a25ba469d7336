using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Activity: writes the new version, then flips the production pointer with an ETag condition. Delegates to <see cref="ModelDeployer"/>.</summary>
public sealed class DeployModel(ModelDeployer deployer) : TaskActivity<DeployRequest, DeployResult>
{
    /// <inheritdoc />
    public override Task<DeployResult> RunAsync(TaskActivityContext context, DeployRequest input) => deployer.DeployAsync(input);
}
