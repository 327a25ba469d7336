using Microsoft.DurableTask;

namespace RetrainFunctions.LocalEngine;

/// <summary>
/// Diagnostics only: runs an activity with a pause before and after its work, so that fault drills can kill the
/// process while any given stage is in progress — before its side effects, or after them but before the engine
/// records the result (see <see cref="LocalDurableEngineOptions.DiagnosticActivityDelay"/>).
/// </summary>
internal sealed class DiagnosticDelayedActivity(ITaskActivity inner, TimeSpan delay) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await Task.Delay(delay);
        var result = await inner.RunAsync(context, input);
        await Task.Delay(delay);
        return result;
    }
}
