namespace RetrainFunctions.LocalEngine;

/// <summary>Where one execution of an activity stands (<see cref="ActivityExecution"/>).</summary>
public enum ActivityExecutionState
{
    /// <summary>The activity began its work.</summary>
    Started,

    /// <summary>The activity returned its output.</summary>
    Completed,

    /// <summary>The activity threw (the orchestrator's retry policy may run it again).</summary>
    Failed,
}
