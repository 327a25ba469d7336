using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Functions.Orchestration;

/// <summary>The Functions entry point of <see cref="RetrainOrchestrator"/>: the same code every host runs.</summary>
public static class RetrainOrchestration
{
    /// <summary>Runs one retraining cycle; see <see cref="RetrainOrchestrator.RunAsync"/>.</summary>
    [Function(nameof(RetrainOrchestrator))]
    public static Task<RunRecord> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RetrainOrchestrator.RunAsync(context, context.GetInput<RetrainRequest>()!);
    }
}
