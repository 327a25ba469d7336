using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Activity: judges the newest deployment on this run's new labeled data and rolls it back if it is significantly worse. Delegates to <see cref="ProbationMonitor"/>.</summary>
public sealed class CheckProbation(ProbationMonitor monitor) : TaskActivity<ProbationRequest, ProbationResult>
{
    /// <inheritdoc />
    public override Task<ProbationResult> RunAsync(TaskActivityContext context, ProbationRequest input) => monitor.CheckAsync(input);
}
