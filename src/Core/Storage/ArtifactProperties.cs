namespace RetrainFunctions.Core.Storage;

/// <summary>What the store knows about one artifact.</summary>
/// <param name="Path">The artifact path, '/'-separated, relative to the store root.</param>
/// <param name="ETag">An opaque version tag; changes on every write.</param>
/// <param name="Length">The content length in bytes.</param>
/// <param name="LastModified">When the artifact was last written.</param>
/// <param name="Metadata">User metadata written with the artifact (ASCII keys, case-insensitive).</param>
public sealed record ArtifactProperties(
    string Path,
    string ETag,
    long Length,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata);
