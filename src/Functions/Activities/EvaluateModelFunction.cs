using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Evaluation;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.EvaluateModel"/> activity; delegates to <see cref="ModelEvaluator"/>.</summary>
public sealed class EvaluateModelFunction(ModelEvaluator evaluator)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.EvaluateModel)]
    public Task<EvaluationResult> Run([ActivityTrigger] EvaluateRequest input, CancellationToken cancellationToken) => RetrainActivities.EvaluateModel.RunAsync(evaluator, input, cancellationToken);
}
