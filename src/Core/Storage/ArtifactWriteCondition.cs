namespace RetrainFunctions.Core.Storage;

/// <summary>The precondition of a write, mirroring HTTP <c>If-None-Match: *</c> and <c>If-Match</c>.</summary>
public readonly record struct ArtifactWriteCondition
{
    private ArtifactWriteCondition(ArtifactWriteConditionKind kind, string? etag)
    {
        Kind = kind;
        ETag = etag;
    }

    /// <summary>Gets the kind of precondition.</summary>
    public ArtifactWriteConditionKind Kind { get; }

    /// <summary>Gets the ETag that must match, for <see cref="ArtifactWriteConditionKind.IfMatch"/>.</summary>
    public string? ETag { get; }

    /// <summary>Gets a condition that always holds (create or overwrite).</summary>
    public static ArtifactWriteCondition None { get; } = new(ArtifactWriteConditionKind.None, null);

    /// <summary>Gets a condition that holds only when the artifact does not exist yet (create-only).</summary>
    public static ArtifactWriteCondition IfNotExists { get; } = new(ArtifactWriteConditionKind.IfNotExists, null);

    /// <summary>Gets a condition that holds only when the artifact exists with exactly this ETag.</summary>
    public static ArtifactWriteCondition IfMatch(string etag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);
        return new(ArtifactWriteConditionKind.IfMatch, etag);
    }
}
