using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.RecordRun"/> activity; delegates to <see cref="RunRecorder"/>.</summary>
public sealed class RecordRunFunction(RunRecorder recorder)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.RecordRun)]
    public Task<string> Run([ActivityTrigger] RunRecord input, CancellationToken cancellationToken) => RetrainActivities.RecordRun.RunAsync(recorder, input, cancellationToken);
}
