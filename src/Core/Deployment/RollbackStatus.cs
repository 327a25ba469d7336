namespace RetrainFunctions.Core.Deployment;

/// <summary>How an operator's rollback (<see cref="RollbackService.RollBackAsync"/>) ended.</summary>
public enum RollbackStatus
{
    /// <summary>Production now serves the chosen version; the change is in the pointer history.</summary>
    RolledBack,

    /// <summary>No version was named and there is nothing to default to (no production, or production replaced nothing).</summary>
    NoTarget,

    /// <summary>The version named is not a valid version id.</summary>
    InvalidVersion,

    /// <summary>The model has no such version.</summary>
    UnknownVersion,

    /// <summary>The version already serves, or production changed during the rollback.</summary>
    Refused,
}
