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
        Assert.Empty(await ListAsync(store, ModelArtifacts.For(model).Incoming.Prefix));
        Assert.Empty(await ListAsync(store, ModelArtifacts.For(model).Batches.PendingPrefix));
        var accepted = (await ListAsync(store, ModelArtifacts.For(model).Batches.AcceptedPrefix)).Where(p => p.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        var quarantined = (await ListAsync(store, ModelArtifacts.For(model).Quarantine.Prefix)).Where(p => p.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        foreach (var id in batchIds)
        {
            var places = accepted.Count(p => p == ModelArtifacts.For(model).Batches.Accepted(id)) + quarantined.Count(p => p == ModelArtifacts.For(model).Quarantine.Batch(id));
            Assert.True(places == 1, $"batch {id} is in {places} place(s) (accepted: {accepted.Count}, quarantined: {quarantined.Count})");
            if (accepted.Contains(ModelArtifacts.For(model).Batches.Accepted(id)))
            {
                Assert.True(await store.ExistsAsync(ModelArtifacts.For(model).Batches.AcceptedManifest(id)), $"accepted batch {id} has no manifest");
            }
            else
            {
                Assert.True(await store.ExistsAsync(ModelArtifacts.For(model).Quarantine.Report(id)), $"quarantined batch {id} has no report");
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
        var pointer = (await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production))?.Value;
        if (pointer is null)
        {
            Assert.Empty(await ListAsync(store, ModelArtifacts.For(model).Deployment.HistoryPrefix));
            return null;
        }

        var manifest = await store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(pointer.Version).Manifest);
        await using var zip = await store.OpenReadAsync(ModelArtifacts.For(model).Versions.Version(pointer.Version).Model);
        Assert.Equal(manifest.ModelSha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(zip)));
        Assert.Equal(pointer.Sequence, (await ListAsync(store, ModelArtifacts.For(model).Deployment.HistoryPrefix)).Count);
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
