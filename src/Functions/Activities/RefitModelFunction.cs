using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RefitModel"/> activity; delegates to <see cref="ModelTrainer"/>.</summary>
public sealed class RefitModelFunction(ModelTrainer trainer)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(RefitModel))]
    public Task<RefitResult> Run([ActivityTrigger] RefitRequest input, CancellationToken cancellationToken) => trainer.RefitAsync(input, cancellationToken);
}
