namespace RetrainFunctions.LocalEngine;

/// <summary>
/// One execution of an activity on this process's engine, as <see cref="ActivityExecutionMonitor"/> reports it: when it
/// starts, and when it completes or fails. The same moments the engine logs (EventIds 2106–2108).
/// </summary>
/// <param name="ActivityName">The activity (a name of <c>RetrainActivityNames</c>).</param>
/// <param name="InstanceId">The orchestration instance that called it.</param>
/// <param name="Input">The activity's input record (e.g. a <c>TrainRequest</c> naming the trainer and window).</param>
/// <param name="State">Started, completed or failed.</param>
/// <param name="Elapsed">Zero when started; the time the work took when completed or failed.</param>
public sealed record ActivityExecution(string ActivityName, string InstanceId, object? Input, ActivityExecutionState State, TimeSpan Elapsed);
