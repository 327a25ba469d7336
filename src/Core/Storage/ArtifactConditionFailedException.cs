namespace RetrainFunctions.Core.Storage;

/// <summary>
/// A conditional write lost: the artifact already existed (create-only) or its ETag changed (optimistic
/// concurrency). Callers treat this as "someone else won", not as an infrastructure failure.
/// </summary>
public sealed class ArtifactConditionFailedException : Exception
{
    public ArtifactConditionFailedException()
    {
    }

    public ArtifactConditionFailedException(string message)
        : base(message)
    {
    }

    public ArtifactConditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed write of <paramref name="path"/> under <paramref name="condition"/>.</summary>
    public static ArtifactConditionFailedException For(string path, ArtifactWriteCondition condition, Exception? inner = null)
    {
        var message = condition.Kind == ArtifactWriteConditionKind.IfNotExists
            ? $"Artifact '{path}' already exists (create-only write refused)."
            : $"Artifact '{path}' changed since ETag {condition.ETag} was read (conditional write refused).";
        return inner is null ? new(message) : new(message, inner);
    }
}
