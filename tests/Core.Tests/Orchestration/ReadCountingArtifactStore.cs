using System.Collections.Concurrent;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>Counts how often each path is opened for reading; everything else passes through.</summary>
internal sealed class ReadCountingArtifactStore(IArtifactStore inner) : IArtifactStore
{
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

    public int Reads(string path) => _reads.GetValueOrDefault(path);

    public Task<ArtifactProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default) => inner.GetPropertiesAsync(path, cancellationToken);

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        _reads.AddOrUpdate(path, 1, (_, n) => n + 1);
        return inner.OpenReadAsync(path, cancellationToken);
    }

    public Task<ArtifactProperties> WriteAsync(string path, Stream content, ArtifactWriteCondition condition, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(path, content, condition, metadata, cancellationToken);

    public IAsyncEnumerable<ArtifactProperties> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);
}
