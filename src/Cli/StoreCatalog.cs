using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Cli;

/// <summary>Reads what the listing commands show: run records, versions, quarantine reports. Never writes.</summary>
internal sealed class StoreCatalog(IArtifactStore store)
{
    /// <summary>Every run record of <paramref name="model"/>, newest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunsAsync(string model, CancellationToken cancellationToken)
    {
        var records = new List<RunRecord>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Runs.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/record.json", StringComparison.Ordinal))
            {
                records.Add(await store.ReadJsonAsync<RunRecord>(item.Path, cancellationToken));
            }
        }

        return [.. records.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal)];
    }

    /// <summary>Every version of <paramref name="model"/>, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersion>> VersionsAsync(string model, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Versions.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/version.json", StringComparison.Ordinal))
            {
                versions.Add(await store.ReadJsonAsync<ModelVersion>(item.Path, cancellationToken));
            }
        }

        return [.. versions.OrderByDescending(v => v.CreatedAt)];
    }

    /// <summary>Every quarantine report of <paramref name="model"/>, newest first.</summary>
    public async Task<IReadOnlyList<BatchReport>> QuarantineAsync(string model, CancellationToken cancellationToken)
    {
        var reports = new List<BatchReport>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Quarantine.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith(".report.json", StringComparison.Ordinal))
            {
                reports.Add(await store.ReadJsonAsync<BatchReport>(item.Path, cancellationToken));
            }
        }

        return [.. reports.OrderByDescending(r => r.ValidatedAt)];
    }
}
