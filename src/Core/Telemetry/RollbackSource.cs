namespace RetrainFunctions.Core.Telemetry;

/// <summary>Who rolled production back: the value of the <c>retrain.source</c> tag of <c>retrain.rollbacks</c>.</summary>
public enum RollbackSource
{
    /// <summary>A run's probation judged the version it found in production worse than the one it replaced.</summary>
    Probation,

    /// <summary>A person or a tool, through the management API or <c>retrain rollback</c>.</summary>
    Operator,
}
