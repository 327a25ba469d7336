namespace RetrainFunctions.Core.Deployment;

/// <summary>The outcome of an operator's rollback: what happened, why, and the new pointer when it happened.</summary>
/// <param name="Status">How the rollback ended.</param>
/// <param name="Message">What happened, for a person (host-neutral; hosts add their own hints).</param>
/// <param name="Version">The version chosen (named, or the one production replaced), when there was one.</param>
/// <param name="Pointer">The new production pointer when <paramref name="Status"/> is <see cref="RollbackStatus.RolledBack"/>.</param>
public sealed record RollbackResult(RollbackStatus Status, string Message, string? Version = null, ProductionPointer? Pointer = null)
{
    /// <summary>Gets a value indicating whether production was rolled back.</summary>
    public bool RolledBack => Status == RollbackStatus.RolledBack;
}
