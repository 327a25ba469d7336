namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The one storage port of RetrainFunctions: blob-style artifacts addressed by '/'-separated paths
/// (see <see cref="ModelArtifacts"/> for the layout). Adapters: <see cref="LocalFolderArtifactStore"/>
/// (the default) and <see cref="AzureBlobArtifactStore"/>.
/// </summary>
/// <remarks>
/// Concurrency follows Azure Blob Storage: every write returns an ETag; <see cref="ArtifactWriteCondition.IfNotExists"/>
/// and <see cref="ArtifactWriteCondition.IfMatch(string)"/> make writes conditional and a failed
/// condition throws <see cref="ArtifactConditionFailedException"/>. A missing artifact on read throws
/// <see cref="ArtifactNotFoundException"/>. Other failures (network, permissions) propagate unchanged so
/// the caller's retry policy can act.
/// </remarks>
public interface IArtifactStore
{
    /// <summary>Gets the properties of an artifact, or <see langword="null"/> when it does not exist.</summary>
    Task<ArtifactProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Opens an artifact for reading. Throws <see cref="ArtifactNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes (creates or replaces) an artifact from a stream, subject to <paramref name="condition"/>.</summary>
    /// <returns>The properties of the written artifact, including its new ETag.</returns>
    Task<ArtifactProperties> WriteAsync(
        string path,
        Stream content,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies the artifact at <paramref name="source"/> to <paramref name="destination"/>, subject to
    /// <paramref name="condition"/> on the destination, with <paramref name="metadata"/> (not the source's). Throws
    /// <see cref="ArtifactNotFoundException"/> when the source does not exist. By default the bytes stream through this
    /// process; an adapter overrides it when its storage copies without that (the local store links the file).
    /// </summary>
    /// <returns>The properties of the written artifact, including its new ETag.</returns>
    async Task<ArtifactProperties> CopyAsync(
        string source,
        string destination,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        await using var content = await OpenReadAsync(source, cancellationToken);
        return await WriteAsync(destination, content, condition, metadata, cancellationToken);
    }

    /// <summary>
    /// Writes the bytes of the artifact at <paramref name="path"/> to the new local file <paramref name="file"/> (which
    /// must not exist), for readers that need a file, such as ML.NET's loaders. Throws <see cref="ArtifactNotFoundException"/>
    /// when the artifact does not exist. The caller owns the file and only reads it. By default the bytes stream through
    /// this process; the local store links the file, the blob store downloads ranges in parallel.
    /// </summary>
    async Task DownloadToFileAsync(string path, string file, CancellationToken cancellationToken = default)
    {
        await using var content = await OpenReadAsync(path, cancellationToken);
        await using var target = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await content.CopyToAsync(target, cancellationToken);
    }

    /// <summary>
    /// Writes the bytes of the local file <paramref name="file"/> to <paramref name="path"/>, as <see cref="WriteAsync"/>
    /// writes a stream. The caller must not change the file afterwards (deleting it is fine): the local store links it.
    /// </summary>
    /// <returns>The properties of the written artifact, including its new ETag.</returns>
    async Task<ArtifactProperties> UploadFileAsync(
        string path,
        string file,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await WriteAsync(path, content, condition, metadata, cancellationToken);
    }

    /// <summary>Lists the artifacts whose path starts with <paramref name="prefix"/>, in ordinal path order.</summary>
    IAsyncEnumerable<ArtifactProperties> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an artifact. Returns <see langword="false"/> when it did not exist.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default);
}
