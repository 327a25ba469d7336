using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="ValidateDataset"/> activity; delegates to <see cref="DatasetValidator"/>.</summary>
public sealed class ValidateDatasetFunction(DatasetValidator validator)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(ValidateDataset))]
    public Task<ValidationResult> Run([ActivityTrigger] ValidateRequest input, CancellationToken cancellationToken) => validator.ValidateAsync(input, cancellationToken);
}
