using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.ValidateDataset"/> activity; delegates to <see cref="DatasetValidator"/>.</summary>
public sealed class ValidateDatasetFunction(DatasetValidator validator)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.ValidateDataset)]
    public Task<ValidationResult> Run([ActivityTrigger] ValidateRequest input, CancellationToken cancellationToken) => RetrainActivities.ValidateDataset.RunAsync(validator, input, cancellationToken);
}
