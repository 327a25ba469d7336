using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Validation;

/// <summary>Activity: validates pending batches; accepts or quarantines each with its report. Delegates to <see cref="DatasetValidator"/>.</summary>
public sealed class ValidateDataset(DatasetValidator validator) : TaskActivity<ValidateRequest, ValidationResult>
{
    /// <inheritdoc />
    public override Task<ValidationResult> RunAsync(TaskActivityContext context, ValidateRequest input) => validator.ValidateAsync(input);
}
