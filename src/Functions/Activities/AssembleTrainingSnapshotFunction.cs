using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Collection;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="AssembleTrainingSnapshot"/> activity; delegates to <see cref="DataCollector"/>.</summary>
public sealed class AssembleTrainingSnapshotFunction(DataCollector collector)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(AssembleTrainingSnapshot))]
    public Task<SnapshotRef> Run([ActivityTrigger] SnapshotRequest input, CancellationToken cancellationToken) => collector.AssembleSnapshotAsync(input, cancellationToken);
}
