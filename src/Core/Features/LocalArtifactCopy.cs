using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Features;

/// <summary>
/// A temporary local copy of a store artifact. ML.NET's <c>TextLoader</c> reads files lazily, once per pass, so
/// splits are downloaded once to a temp file (streaming, any size) rather than held in memory; the file is
/// deleted on <see cref="Dispose"/>, after every pass over it has finished.
/// </summary>
internal sealed class LocalArtifactCopy : IDisposable
{
    private LocalArtifactCopy(string artifactPath, string localPath)
    {
        ArtifactPath = artifactPath;
        LocalPath = localPath;
    }

    /// <summary>Gets the artifact's path in the store.</summary>
    public string ArtifactPath { get; }

    /// <summary>Gets the temp file.</summary>
    public string LocalPath { get; }

    /// <summary>Copies <paramref name="path"/> from <paramref name="store"/> to a new temp file.</summary>
    public static async Task<LocalArtifactCopy> DownloadAsync(IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var localPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retrain-{Guid.NewGuid():N}{System.IO.Path.GetExtension(path)}");
        try
        {
            await using var source = await store.OpenReadAsync(path, cancellationToken);
            await using var target = new FileStream(localPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await source.CopyToAsync(target, cancellationToken);
        }
        catch
        {
            File.Delete(localPath);
            throw;
        }

        return new LocalArtifactCopy(path, localPath);
    }

    /// <summary>Takes ownership of <paramref name="localPath"/>, a temp file made from <paramref name="artifactPath"/>.</summary>
    public static LocalArtifactCopy Adopt(string artifactPath, string localPath) => new(artifactPath, localPath);

    /// <summary>Deletes the temp file.</summary>
    public void Dispose() => File.Delete(LocalPath);
}
