using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Policies;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.DecideRetrain"/> activity; delegates to <see cref="RetrainDecider"/>.</summary>
public sealed class DecideRetrainFunction(RetrainDecider decider)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.DecideRetrain)]
    public Task<PolicyDecision> Run([ActivityTrigger] DecideRetrainRequest input, CancellationToken cancellationToken) => RetrainActivities.DecideRetrain.RunAsync(decider, input, cancellationToken);
}
