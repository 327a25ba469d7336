using Microsoft.ML;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Features;

/// <summary>Writes a data view as a binary split (<see cref="SnapshotArtifacts.Split"/>): ML.NET's binary data view format, typed and compressed per column block.</summary>
internal static class BinarySplit
{
    /// <summary>Writes <paramref name="view"/> to <paramref name="path"/> through a temp file, so the split is never whole in memory (<see cref="IArtifactStore.UploadFileAsync"/>: the local store links it).</summary>
    public static async Task WriteAsync(IArtifactStore store, string path, IDataView view, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(view);
        var local = Path.Combine(Path.GetTempPath(), $"retrain-split-{Guid.NewGuid():N}{SpecDataLoader.BinaryExtension}");
        try
        {
            await using (var file = new FileStream(local, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                MlContexts.Create().Data.SaveAsBinary(view, file);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await store.UploadFileAsync(path, local, ArtifactWriteCondition.None, metadata: null, cancellationToken);
        }
        finally
        {
            File.Delete(local);
        }
    }
}
