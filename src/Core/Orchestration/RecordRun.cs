using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>Activity: writes the run record. Delegates to <see cref="RunRecorder"/>.</summary>
public sealed class RecordRun(RunRecorder recorder) : TaskActivity<RunRecord, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, RunRecord input) => recorder.RecordAsync(input);
}
