using System.Globalization;
using System.Runtime.CompilerServices;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IArtifactStore"/> for tests, following the port's contract: every write gets a new ETag,
/// <see cref="ArtifactWriteCondition.IfNotExists"/> and <see cref="ArtifactWriteCondition.IfMatch(string)"/> are honored
/// (a failed condition throws <see cref="ArtifactConditionFailedException"/>), a missing artifact throws
/// <see cref="ArtifactNotFoundException"/> on read, and listings are in ordinal path order. Thread-safe.
/// </summary>
public sealed class InMemoryArtifactStore(TimeProvider? timeProvider = null) : IArtifactStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private long _version;

    /// <summary>Gets the stored paths, in ordinal order.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Keys];
            }
        }
    }

    /// <summary>Returns a copy of the bytes at <paramref name="path"/>.</summary>
    public byte[] ReadAllBytes(string path)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(path, out var entry) ? [.. entry.Content] : throw ArtifactNotFoundException.For(path);
        }
    }

    /// <summary>Stores <paramref name="text"/> as UTF-8 at <paramref name="path"/>, unconditionally.</summary>
    public Task<ArtifactProperties> PutTextAsync(string path, string text, CancellationToken cancellationToken = default) =>
        this.WriteBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(text), ArtifactWriteCondition.None, cancellationToken);

    /// <inheritdoc />
    public Task<ArtifactProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(path, out var entry) ? entry.Properties : null);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return _entries.TryGetValue(path, out var entry)
                ? Task.FromResult<Stream>(new MemoryStream(entry.Content, writable: false))
                : Task.FromException<Stream>(ArtifactNotFoundException.For(path));
        }
    }

    /// <inheritdoc />
    public async Task<ArtifactProperties> WriteAsync(
        string path,
        Stream content,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();

        lock (_gate)
        {
            var exists = _entries.TryGetValue(path, out var current);
            var holds = condition.Kind switch
            {
                ArtifactWriteConditionKind.None => true,
                ArtifactWriteConditionKind.IfNotExists => !exists,
                ArtifactWriteConditionKind.IfMatch => exists && string.Equals(current!.Properties.ETag, condition.ETag, StringComparison.Ordinal),
                _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Kind, "Unknown write condition."),
            };
            if (!holds)
            {
                throw ArtifactConditionFailedException.For(path, condition);
            }

            var etag = "\"0x" + (++_version).ToString("X8", CultureInfo.InvariantCulture) + "\"";
            var properties = new ArtifactProperties(
                path,
                etag,
                bytes.LongLength,
                _timeProvider.GetUtcNow(),
                new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase));
            _entries[path] = new Entry(bytes, properties);
            return properties;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        List<ArtifactProperties> matches;
        lock (_gate)
        {
            matches = [.. _entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Value.Properties)];
        }

        foreach (var properties in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return properties;
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_entries.Remove(path));
        }
    }

    private sealed record Entry(byte[] Content, ArtifactProperties Properties);
}
