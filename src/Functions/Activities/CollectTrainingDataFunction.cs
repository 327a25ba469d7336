using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Collection;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.CollectTrainingData"/> activity; delegates to <see cref="DataCollector"/>.</summary>
public sealed class CollectTrainingDataFunction(DataCollector collector)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.CollectTrainingData)]
    public Task<CollectResult> Run([ActivityTrigger] CollectRequest input, CancellationToken cancellationToken) => RetrainActivities.CollectTrainingData.RunAsync(collector, input, cancellationToken);
}
