using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Training;

/// <summary>Activity: refits the promoted challenger's trainer on the whole window and smoke-checks it. Delegates to <see cref="ModelTrainer"/>.</summary>
public sealed class RefitModel(ModelTrainer trainer) : TaskActivity<RefitRequest, RefitResult>
{
    /// <inheritdoc />
    public override Task<RefitResult> RunAsync(TaskActivityContext context, RefitRequest input) => trainer.RefitAsync(input);
}
