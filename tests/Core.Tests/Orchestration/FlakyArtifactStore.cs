using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>Fails the first <c>failures</c> writes to paths matching a predicate with an <see cref="IOException"/>, like a storage outage.</summary>
internal sealed class FlakyArtifactStore(IArtifactStore inner, Func<string, bool> affects, int failures) : IArtifactStore
{
    private readonly int _failures = failures;
    private int _remaining = failures;

    public int InjectedFailures => _failures - Math.Max(0, Volatile.Read(ref _remaining));

    public Task<ArtifactProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default) => inner.GetPropertiesAsync(path, cancellationToken);

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);

    public Task<ArtifactProperties> WriteAsync(string path, Stream content, ArtifactWriteCondition condition, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        if (affects(path) && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new IOException($"Injected transient storage failure writing '{path}'.");
        }

        return inner.WriteAsync(path, content, condition, metadata, cancellationToken);
    }

    public IAsyncEnumerable<ArtifactProperties> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);
}
