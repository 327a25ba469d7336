using System.Collections.Immutable;

namespace RetrainFunctions.LocalEngine;

/// <summary>
/// Tells subscribers when an activity of the in-process engine starts, completes or fails (one per engine, in the
/// worker's services). The orchestration's own status names the stage only; this is how a host follows the work inside
/// a stage, such as each candidate of the training fan-out, without the orchestrator knowing.
/// </summary>
public sealed class ActivityExecutionMonitor
{
    private ImmutableArray<Action<ActivityExecution>> _observers = [];

    /// <summary>
    /// Calls <paramref name="observer"/> for every activity execution until the returned handle is disposed. It is called
    /// on the activity's own thread, possibly from several activities at once, and must be quick and must not throw.
    /// </summary>
    public IDisposable Subscribe(Action<ActivityExecution> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ImmutableInterlocked.Update(ref _observers, list => list.Add(observer));
        return new Subscription(this, observer);
    }

    internal void Report(ActivityExecution execution)
    {
        foreach (var observer in _observers)
        {
            observer(execution);
        }
    }

    private sealed class Subscription(ActivityExecutionMonitor monitor, Action<ActivityExecution> observer) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref monitor._observers, list => list.Remove(observer));
    }
}
