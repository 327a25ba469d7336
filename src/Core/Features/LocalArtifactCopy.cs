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

    /// <summary>Copies <paramref name="path"/> from <paramref name="store"/> to a new temp file (<see cref="IArtifactStore.DownloadToFileAsync"/>: on the local store a link).</summary>
    public static async Task<LocalArtifactCopy> DownloadAsync(IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var localPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retrain-{Guid.NewGuid():N}{System.IO.Path.GetExtension(path)}");
        try
        {
            await store.DownloadToFileAsync(path, localPath, cancellationToken);
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
