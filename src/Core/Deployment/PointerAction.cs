namespace RetrainFunctions.Core.Deployment;

/// <summary>What moved the production pointer.</summary>
public enum PointerAction
{
    /// <summary>A run promoted a new version.</summary>
    Deploy,

    /// <summary>An operator restored an earlier version.</summary>
    Rollback,
}
