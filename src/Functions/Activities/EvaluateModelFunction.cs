using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Evaluation;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="EvaluateModel"/> activity; delegates to <see cref="ModelEvaluator"/>.</summary>
public sealed class EvaluateModelFunction(ModelEvaluator evaluator)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(EvaluateModel))]
    public Task<EvaluationResult> Run([ActivityTrigger] EvaluateRequest input, CancellationToken cancellationToken) => evaluator.EvaluateAsync(input, cancellationToken);
}
