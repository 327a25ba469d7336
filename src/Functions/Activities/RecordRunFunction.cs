using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RecordRun"/> activity; delegates to <see cref="RunRecorder"/>.</summary>
public sealed class RecordRunFunction(RunRecorder recorder)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(RecordRun))]
    public Task<string> Run([ActivityTrigger] RunRecord input, CancellationToken cancellationToken) => recorder.RecordAsync(input, cancellationToken);
}
