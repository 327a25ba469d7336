using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Collection;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="CollectTrainingData"/> activity; delegates to <see cref="DataCollector"/>.</summary>
public sealed class CollectTrainingDataFunction(DataCollector collector)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(CollectTrainingData))]
    public Task<CollectResult> Run([ActivityTrigger] CollectRequest input, CancellationToken cancellationToken) => collector.CollectAsync(input, cancellationToken);
}
