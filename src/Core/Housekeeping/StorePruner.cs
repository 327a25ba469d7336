using System.Globalization;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Housekeeping;

/// <summary>
/// Housekeeping (<c>retrain gc</c>): deletes what a model no longer needs, under one retention rule — keep the newest
/// <c>keepRuns</c> runs — and protections no setting can lift:
/// <list type="bullet">
/// <item>production and every version in its pointer history stay whole, with their runs and their lineage (the snapshot
/// each was trained on, its typed splits and profile);</item>
/// <item>run records stay (the history, and what crash recovery reads to know a batch was consumed); a run without a
/// record (in progress or interrupted) is never touched, nor any snapshot written since it started;</item>
/// <item>batches, quarantined files (until released) and specs are never deleted; a candidate waiting for approval stays.</item>
/// </list>
/// Of an older run, everything but its record goes (candidates, refits, featurizer, reports, its decision file); an
/// older version outside the pointer history (a superseded one) goes whole; a snapshot no kept run or protected version
/// was trained on goes whole. The store-wide <c>scratch/</c> area (tools' working files) goes whole.
/// </summary>
public sealed class StorePruner(IArtifactStore store, ModelDeployer deployer, ApprovalStore approvals)
{
    private const string RecordFile = "record.json";

    /// <summary>Plans what pruning <paramref name="model"/> deletes, keeping the newest <paramref name="keepRuns"/> runs; deletes nothing.</summary>
    public async Task<PrunePlan> PlanAsync(string model, int keepRuns, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepRuns);
        var runs = await GroupAsync(ModelArtifacts.For(model).Runs.Prefix, cancellationToken);
        var versions = await GroupAsync(ModelArtifacts.For(model).Versions.Prefix, cancellationToken);
        var snapshots = await GroupAsync(ModelArtifacts.For(model).Snapshots.Prefix, cancellationToken);

        // Production and its pointer history, with the runs and snapshots they came from.
        var history = await deployer.GetHistoryAsync(model, cancellationToken);
        var production = await deployer.GetProductionAsync(model, cancellationToken);
        var protectedVersions = history.SelectMany(p => new[] { p.Version, p.PreviousVersion }).Append(production?.Version)
            .OfType<string>().Where(versions.ContainsKey).ToHashSet(StringComparer.Ordinal);
        var keptRuns = new HashSet<string>(StringComparer.Ordinal);
        var keptSnapshots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in protectedVersions)
        {
            if (await store.TryReadJsonWithETagAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(version).Manifest, cancellationToken) is { Value: var manifest })
            {
                keptRuns.Add(manifest.RunId);
                keptSnapshots.Add(manifest.SnapshotDigest);
            }

            keptRuns.Add(version);
        }

        if (await approvals.GetPendingAsync(model, cancellationToken) is { } pending)
        {
            keptRuns.Add(pending.CandidateVersion);
        }

        // The newest runs, and every run without a record (in progress or interrupted), with what they were trained on.
        var unrecorded = runs.Where(r => !r.Value.Any(f => f.Path.EndsWith("/" + RecordFile, StringComparison.Ordinal))).Select(r => r.Key).ToList();
        keptRuns.UnionWith(unrecorded);
        keptRuns.UnionWith(runs.Keys.Order(StringComparer.Ordinal).Reverse().Take(keepRuns));
        foreach (var runId in keptRuns.Where(runs.ContainsKey).Except(unrecorded))
        {
            if (await store.TryReadJsonWithETagAsync<RunRecord>(ModelArtifacts.For(model).Runs.Run(runId).Record, cancellationToken) is { Value.Snapshot: { } snapshot })
            {
                keptSnapshots.Add(snapshot.Digest);
            }
        }

        var oldestUnrecorded = unrecorded.Select(StartedAt).Min();
        var items = new List<PruneItem>();
        foreach (var (runId, files) in runs.Where(r => !keptRuns.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            items.AddRange(files.Where(f => !f.Path.EndsWith("/" + RecordFile, StringComparison.Ordinal))
                .Select(f => new PruneItem(f.Path, f.Length, $"run {runId} is older than the newest {keepRuns} (its record stays)")));
            if (await store.GetPropertiesAsync(ModelArtifacts.For(model).Approvals.Decision(runId), cancellationToken) is { } decision)
            {
                items.Add(new PruneItem(decision.Path, decision.Length, $"the approval decision of run {runId}, older than the newest {keepRuns}"));
            }
        }

        foreach (var (version, files) in versions.Where(v => !protectedVersions.Contains(v.Key) && !keptRuns.Contains(v.Key)))
        {
            items.AddRange(files.Select(f => new PruneItem(f.Path, f.Length, $"version {version} never served production (not in the pointer history) and its run is older than the newest {keepRuns}")));
        }

        foreach (var (digest, files) in snapshots.Where(s => !keptSnapshots.Contains(s.Key)))
        {
            if (oldestUnrecorded is { } since && files.Any(f => f.LastModified >= since))
            {
                continue; // Perhaps the snapshot of a run without a record yet.
            }

            items.AddRange(files.Select(f => new PruneItem(f.Path, f.Length, $"snapshot {digest[..Math.Min(12, digest.Length)]} is the lineage of no protected version and no kept run")));
        }

        return new PrunePlan(model, items, [.. keptRuns.Where(runs.ContainsKey).Order(StringComparer.Ordinal)], [.. protectedVersions.Order(StringComparer.Ordinal)], [.. keptSnapshots.Where(snapshots.ContainsKey).Order(StringComparer.Ordinal)]);
    }

    /// <summary>Plans emptying the store-wide <c>scratch/</c> area (working files of tools such as the demo and backtests).</summary>
    public async Task<PrunePlan> PlanScratchAsync(CancellationToken cancellationToken = default)
    {
        var items = new List<PruneItem>();
        await foreach (var item in store.ListAsync(ScratchArtifacts.Prefix, cancellationToken))
        {
            items.Add(new PruneItem(item.Path, item.Length, "a tool's working file (scratch/)"));
        }

        return new PrunePlan(null, items, [], [], []);
    }

    /// <summary>Deletes what <paramref name="plan"/> lists; returns how many artifacts were deleted (one gone meanwhile is not counted).</summary>
    public async Task<int> PruneAsync(PrunePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var deleted = 0;
        foreach (var item in plan.Items)
        {
            deleted += await store.DeleteAsync(item.Path, cancellationToken) ? 1 : 0;
        }

        return deleted;
    }

    /// <summary>The artifacts under <paramref name="prefix"/>, grouped by the path segment that follows it (a run id, a version, a digest).</summary>
    private async Task<Dictionary<string, List<ArtifactProperties>>> GroupAsync(string prefix, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<string, List<ArtifactProperties>>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(prefix, cancellationToken))
        {
            var rest = item.Path[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                continue;
            }

            var key = rest[..slash];
            if (!groups.TryGetValue(key, out var files))
            {
                groups[key] = files = [];
            }

            files.Add(item);
        }

        return groups;
    }

    /// <summary>When a run started, from its id (<c>yyyyMMddTHHmmssZ-…</c>); the earliest time when the id has no time part.</summary>
    private static DateTimeOffset? StartedAt(string runId) =>
        runId.Length >= 16 && DateTimeOffset.TryParseExact(runId[..16], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : DateTimeOffset.MinValue;
}
