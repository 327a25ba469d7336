using System.Text.Json;

namespace RetrainFunctions.Core.Storage;

/// <summary>JSON and byte helpers over <see cref="IArtifactStore"/>.</summary>
public static class ArtifactStoreExtensions
{
    /// <summary>Writes <paramref name="value"/> as indented JSON.</summary>
    public static async Task<ArtifactProperties> WriteJsonAsync<T>(
        this IArtifactStore store,
        string path,
        T value,
        ArtifactWriteCondition condition,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var buffer = new MemoryStream();
        await JsonSerializer.SerializeAsync(buffer, value, RetrainJson.Options, cancellationToken);
        buffer.Position = 0;
        return await store.WriteAsync(path, buffer, condition, metadata: null, cancellationToken);
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> unless it exists (<see cref="IArtifactStore.CopyAsync"/>
    /// with <see cref="ArtifactWriteCondition.IfNotExists"/>): for content-addressed paths, where an existing artifact holds
    /// the same bytes (an earlier attempt wrote it), so a retry converges.
    /// </summary>
    public static async Task CopyOnceAsync(
        this IArtifactStore store,
        string source,
        string destination,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            await store.CopyAsync(source, destination, ArtifactWriteCondition.IfNotExists, metadata, cancellationToken);
        }
        catch (ArtifactConditionFailedException)
        {
            // Content-addressed: the existing artifact holds the same bytes.
        }
    }

    /// <summary>Reads JSON from <paramref name="path"/>; throws <see cref="ArtifactNotFoundException"/> when missing.</summary>
    public static async Task<T> ReadJsonAsync<T>(this IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        return await JsonSerializer.DeserializeAsync<T>(stream, RetrainJson.Options, cancellationToken)
            ?? throw new InvalidDataException($"Artifact '{path}' holds JSON null.");
    }

    /// <summary>Reads JSON and its ETag, or returns <see langword="null"/> when the artifact does not exist.</summary>
    public static async Task<(T Value, string ETag)?> TryReadJsonWithETagAsync<T>(
        this IArtifactStore store,
        string path,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var properties = await store.GetPropertiesAsync(path, cancellationToken);
        if (properties is null)
        {
            return null;
        }

        try
        {
            await using var stream = await store.OpenReadAsync(path, cancellationToken);
            var value = await JsonSerializer.DeserializeAsync<T>(stream, RetrainJson.Options, cancellationToken)
                ?? throw new InvalidDataException($"Artifact '{path}' holds JSON null.");

            // Re-read the ETag: if the artifact changed between the two calls, the caller's conditional
            // write fails and it retries, which is the behaviour optimistic concurrency wants.
            return (value, properties.ETag);
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static Task<ArtifactProperties> WriteBytesAsync(
        this IArtifactStore store,
        string path,
        ReadOnlyMemory<byte> bytes,
        ArtifactWriteCondition condition,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return WriteCoreAsync(store, path, bytes, condition, cancellationToken);

        static async Task<ArtifactProperties> WriteCoreAsync(IArtifactStore store, string path, ReadOnlyMemory<byte> bytes, ArtifactWriteCondition condition, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            return await store.WriteAsync(path, stream, condition, metadata: null, cancellationToken);
        }
    }

    /// <summary>Returns whether an artifact exists.</summary>
    public static async Task<bool> ExistsAsync(this IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetPropertiesAsync(path, cancellationToken) is not null;
    }

    /// <summary>Reads an artifact's bytes, or returns <see langword="null"/> when it does not exist.</summary>
    public static async Task<byte[]?> TryReadBytesAsync(this IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            await using var stream = await store.OpenReadAsync(path, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }
}
