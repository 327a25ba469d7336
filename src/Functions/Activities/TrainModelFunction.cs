using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="TrainModel"/> activity; delegates to <see cref="ModelTrainer"/>.</summary>
public sealed class TrainModelFunction(ModelTrainer trainer)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(TrainModel))]
    public Task<CandidateResult> Run([ActivityTrigger] TrainRequest input, CancellationToken cancellationToken) => trainer.TrainAsync(input, cancellationToken);
}
