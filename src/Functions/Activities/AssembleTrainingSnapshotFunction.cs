using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Collection;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.AssembleTrainingSnapshot"/> activity; delegates to <see cref="DataCollector"/>.</summary>
public sealed class AssembleTrainingSnapshotFunction(DataCollector collector)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.AssembleTrainingSnapshot)]
    public Task<SnapshotRef> Run([ActivityTrigger] SnapshotRequest input, CancellationToken cancellationToken) => RetrainActivities.AssembleTrainingSnapshot.RunAsync(collector, input, cancellationToken);
}
