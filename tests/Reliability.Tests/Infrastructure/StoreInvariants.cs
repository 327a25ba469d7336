using System.Security.Cryptography;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Reliability.Tests.Infrastructure;

/// <summary>What must hold in the store whatever failed: nothing lost, nothing twice, production complete.</summary>
internal static class StoreInvariants
{
    /// <summary>
    /// The drop zone and the pending area are empty, and each uploaded content is exactly one batch: accepted (with its
    /// manifest) or quarantined (with its report), never both, never missing.
    /// </summary>
    public static async Task AssertEveryBatchIngestedExactlyOnceAsync(IArtifactStore store, string model, IReadOnlyCollection<string> batchIds)
    {
        Assert.Empty(await ListAsync(store, ArtifactPaths.IncomingPrefix(model)));
        Assert.Empty(await ListAsync(store, ArtifactPaths.PendingBatchesPrefix(model)));
        var accepted = (await ListAsync(store, ArtifactPaths.AcceptedBatchesPrefix(model))).Where(p => p.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        var quarantined = (await ListAsync(store, ArtifactPaths.QuarantinePrefix(model))).Where(p => p.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        foreach (var id in batchIds)
        {
            var places = accepted.Count(p => p == ArtifactPaths.AcceptedBatch(model, id)) + quarantined.Count(p => p == ArtifactPaths.QuarantinedBatch(model, id));
            Assert.True(places == 1, $"batch {id} is in {places} place(s) (accepted: {accepted.Count}, quarantined: {quarantined.Count})");
            if (accepted.Contains(ArtifactPaths.AcceptedBatch(model, id)))
            {
                Assert.True(await store.ExistsAsync(ArtifactPaths.AcceptedBatchManifest(model, id)), $"accepted batch {id} has no manifest");
            }
            else
            {
                Assert.True(await store.ExistsAsync(ArtifactPaths.QuarantineReport(model, id)), $"quarantined batch {id} has no report");
            }
        }

        Assert.Equal(batchIds.Count, accepted.Count + quarantined.Count);
    }

    /// <summary>
    /// The production pointer, if any, names a complete version (model.zip and version.json, the SHA-256 matching), and
    /// the history holds one entry per pointer change. Returns the pointer.
    /// </summary>
    public static async Task<ProductionPointer?> AssertProductionCompleteAsync(IArtifactStore store, string model)
    {
        var pointer = (await store.TryReadJsonWithETagAsync<ProductionPointer>(ArtifactPaths.ProductionPointer(model)))?.Value;
        if (pointer is null)
        {
            Assert.Empty(await ListAsync(store, ArtifactPaths.PointerHistoryPrefix(model)));
            return null;
        }

        var manifest = await store.ReadJsonAsync<ModelVersion>(ArtifactPaths.VersionManifest(model, pointer.Version));
        await using var zip = await store.OpenReadAsync(ArtifactPaths.VersionModel(model, pointer.Version));
        Assert.Equal(manifest.ModelSha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(zip)));
        Assert.Equal(pointer.Sequence, (await ListAsync(store, ArtifactPaths.PointerHistoryPrefix(model))).Count);
        return pointer;
    }

    public static async Task<List<string>> ListAsync(IArtifactStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var item in store.ListAsync(prefix))
        {
            paths.Add(item.Path);
        }

        return paths;
    }
}
