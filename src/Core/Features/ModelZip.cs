using Microsoft.ML;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Features;

/// <summary>Saves and loads ML.NET model zips (featurizers, candidates, versions) through the artifact store.</summary>
internal static class ModelZip
{
    /// <summary>Serializes <paramref name="model"/> with <paramref name="inputSchema"/> to zip bytes.</summary>
    public static byte[] Serialize(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(ml);
        using var buffer = new MemoryStream();
        ml.Model.Save(model, inputSchema, buffer);
        return buffer.ToArray();
    }

    /// <summary>Loads a model from zip bytes, with this thread's loading context (<see cref="MlContexts.Loading"/>).</summary>
    public static ITransformer Deserialize(byte[] bytes)
    {
        using var buffer = new MemoryStream(bytes, writable: false);
        return MlContexts.Loading.Model.Load(buffer, out _);
    }

    /// <summary>Writes zip bytes to <paramref name="path"/>, replacing what is there (idempotent under activity retry).</summary>
    public static async Task<ArtifactProperties> WriteAsync(
        IArtifactStore store,
        string path,
        byte[] bytes,
        IReadOnlyDictionary<string, string>? metadata,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var content = new MemoryStream(bytes, writable: false);
        return await store.WriteAsync(path, content, ArtifactWriteCondition.None, metadata, cancellationToken);
    }

    /// <summary>Loads the model zip at <paramref name="path"/>.</summary>
    public static async Task<ITransformer> LoadAsync(IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var buffer = new MemoryStream();
        await using (var source = await store.OpenReadAsync(path, cancellationToken))
        {
            await source.CopyToAsync(buffer, cancellationToken);
        }

        return Deserialize(buffer.ToArray());
    }
}
