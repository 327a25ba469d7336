namespace RetrainFunctions.Core.Storage;

/// <summary>The kinds of write precondition.</summary>
public enum ArtifactWriteConditionKind
{
    /// <summary>No precondition.</summary>
    None,

    /// <summary>The artifact must not exist.</summary>
    IfNotExists,

    /// <summary>The artifact must exist with the given ETag.</summary>
    IfMatch,
}
