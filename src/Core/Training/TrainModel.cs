using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Training;

/// <summary>Activity: trains one candidate and scores it on the validation split. Delegates to <see cref="ModelTrainer"/>.</summary>
public sealed class TrainModel(ModelTrainer trainer) : TaskActivity<TrainRequest, CandidateResult>
{
    /// <inheritdoc />
    public override Task<CandidateResult> RunAsync(TaskActivityContext context, TrainRequest input) => trainer.TrainAsync(input);
}
