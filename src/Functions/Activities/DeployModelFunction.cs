using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Deployment;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.DeployModel"/> activity; delegates to <see cref="ModelDeployer"/>.</summary>
public sealed class DeployModelFunction(ModelDeployer deployer)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.DeployModel)]
    public Task<DeployResult> Run([ActivityTrigger] DeployRequest input, CancellationToken cancellationToken) => RetrainActivities.DeployModel.RunAsync(deployer, input, cancellationToken);
}
