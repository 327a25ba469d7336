using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Activity: scores the best candidate and production on the same holdout and applies the gate. Delegates to <see cref="ModelEvaluator"/>.</summary>
public sealed class EvaluateModel(ModelEvaluator evaluator) : TaskActivity<EvaluateRequest, EvaluationResult>
{
    /// <inheritdoc />
    public override Task<EvaluationResult> RunAsync(TaskActivityContext context, EvaluateRequest input) => evaluator.EvaluateAsync(input);
}
