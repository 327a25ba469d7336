using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.TrainModel"/> activity; delegates to <see cref="ModelTrainer"/>.</summary>
public sealed class TrainModelFunction(ModelTrainer trainer)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.TrainModel)]
    public Task<CandidateResult> Run([ActivityTrigger] TrainRequest input, CancellationToken cancellationToken) => RetrainActivities.TrainModel.RunAsync(trainer, input, cancellationToken);
}
