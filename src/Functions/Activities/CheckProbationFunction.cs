using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Deployment;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.CheckProbation"/> activity; delegates to <see cref="ProbationMonitor"/>.</summary>
public sealed class CheckProbationFunction(ProbationMonitor monitor)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.CheckProbation)]
    public Task<ProbationResult> Run([ActivityTrigger] ProbationRequest input, CancellationToken cancellationToken) => RetrainActivities.CheckProbation.RunAsync(monitor, input, cancellationToken);
}
