using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.RefitModel"/> activity; delegates to <see cref="ModelTrainer"/>.</summary>
public sealed class RefitModelFunction(ModelTrainer trainer)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.RefitModel)]
    public Task<RefitResult> Run([ActivityTrigger] RefitRequest input, CancellationToken cancellationToken) => RetrainActivities.RefitModel.RunAsync(trainer, input, cancellationToken);
}
