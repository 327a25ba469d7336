using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// Finds runs that stopped without a record — their process killed on an engine that keeps no state (the command
/// line's in-memory engine) — and makes the store whole again, before the next run starts (and only while holding the
/// model's run lease, so no live run is mistaken for a dead one):
/// <list type="bullet">
/// <item>a run whose version reached production is recorded <see cref="RunOutcome.Deployed"/> from the pointer history
/// and its batches count as consumed;</item>
/// <item>any other run is recorded <see cref="RunOutcome.Interrupted"/> and the batches it had accepted or quarantined go
/// back to <c>incoming/</c> under their names, so the next run validates and learns from them and records them — every
/// batch ends in exactly one recorded decision, without <c>--force</c>.</item>
/// </list>
/// A run is identified by the run id that the batch manifests and quarantine reports carry.
/// </summary>
public sealed class InterruptedRunRecovery(IArtifactStore store, ModelDeployer deployer, TimeProvider timeProvider, ILogger<InterruptedRunRecovery> logger)
{
    /// <summary>Records every run of <paramref name="model"/> that left batches but no record; returns those records.</summary>
    public async Task<IReadOnlyList<RunRecord>> RecoverAsync(string model, CancellationToken cancellationToken = default)
    {
        var accepted = new List<BatchManifest>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Batches.AcceptedPrefix, cancellationToken))
        {
            if (BatchArtifacts.IsAcceptedManifest(item.Path))
            {
                accepted.Add(await store.ReadJsonAsync<BatchManifest>(item.Path, cancellationToken));
            }
        }

        var quarantined = new List<BatchReport>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Quarantine.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith(".report.json", StringComparison.Ordinal))
            {
                quarantined.Add(await store.ReadJsonAsync<BatchReport>(item.Path, cancellationToken));
            }
        }

        var runIds = accepted.Select(m => m.RunId).Concat(quarantined.Select(r => r.RunId)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var history = await deployer.GetHistoryAsync(model, cancellationToken);
        var records = new List<RunRecord>();
        foreach (var runId in runIds)
        {
            if (await store.ExistsAsync(ModelArtifacts.For(model).Runs.Run(runId).Record, cancellationToken))
            {
                continue;
            }

            var ownAccepted = accepted.Where(m => m.RunId == runId).ToList();
            var ownQuarantined = quarantined.Where(r => r.RunId == runId).ToList();
            var deployed = history.FirstOrDefault(p => p.Action == PointerAction.Deploy && p.RunId == runId);
            var record = deployed is not null
                ? Deployed(model, runId, deployed, ownAccepted, ownQuarantined)
                : await RequeueAsync(model, runId, ownAccepted, ownQuarantined, cancellationToken);
            await store.WriteJsonAsync(ModelArtifacts.For(model).Runs.Run(runId).Record, record, ArtifactWriteCondition.IfNotExists, cancellationToken);
            records.Add(record);
        }

        return records;
    }

    private RunRecord Deployed(string model, string runId, ProductionPointer pointer, List<BatchManifest> accepted, List<BatchReport> quarantined)
    {
        RecoveryLog.DeployedBeforeInterruption(logger, model, runId, pointer.Version);
        return Record(model, runId, accepted, quarantined) with
        {
            Outcome = RunOutcome.Deployed,
            Reason = $"Recorded after its process stopped: version {pointer.Version} had reached production at {pointer.ChangedAt:u} (pointer history #{pointer.Sequence}); this record is rebuilt from the batch manifests and the pointer history.",
            Validation = Validation(model, runId, accepted, quarantined),
            Deployment = new DeployResult(true, pointer.Version, pointer.PreviousVersion),
        };
    }

    private async Task<RunRecord> RequeueAsync(string model, string runId, List<BatchManifest> accepted, List<BatchReport> quarantined, CancellationToken cancellationToken)
    {
        // Copy back first, then remove: a crash in between leaves a duplicate that collection ignores, never a loss.
        foreach (var batch in accepted)
        {
            await RequeueAsync(model, batch.BatchId, batch.SourceName, ModelArtifacts.For(model).Batches.Accepted(batch.BatchId), cancellationToken);
            await store.DeleteAsync(ModelArtifacts.For(model).Batches.AcceptedManifest(batch.BatchId), cancellationToken);
            await store.DeleteAsync(ModelArtifacts.For(model).Batches.AcceptedProfile(batch.BatchId), cancellationToken);
            await store.DeleteAsync(ModelArtifacts.For(model).Batches.Accepted(batch.BatchId), cancellationToken);
        }

        foreach (var batch in quarantined)
        {
            await RequeueAsync(model, batch.BatchId, batch.SourceName, ModelArtifacts.For(model).Quarantine.Batch(batch.BatchId), cancellationToken);
            await store.DeleteAsync(ModelArtifacts.For(model).Quarantine.Report(batch.BatchId), cancellationToken);
            await store.DeleteAsync(ModelArtifacts.For(model).Quarantine.Batch(batch.BatchId), cancellationToken);
        }

        var count = accepted.Count + quarantined.Count;
        RecoveryLog.Interrupted(logger, model, runId, count);
        return Record(model, runId, accepted, quarantined) with
        {
            Outcome = RunOutcome.Interrupted,
            Reason = $"Interrupted: the process running it stopped before it recorded an outcome; production was not changed by it. Its {count} batch(es) went back to incoming/{model}/ and are validated and learned from by the next run.",
        };
    }

    private async Task RequeueAsync(string model, string batchId, string sourceName, string from, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(sourceName);
        var target = ModelArtifacts.For(model).Incoming.File(string.IsNullOrEmpty(name) ? $"{batchId}.csv" : name);
        if (await store.ExistsAsync(target, cancellationToken))
        {
            target = ModelArtifacts.For(model).Incoming.File($"{batchId[..12]}-{name}");
        }

        await using var source = await store.OpenReadAsync(from, cancellationToken);
        await store.WriteAsync(target, source, ArtifactWriteCondition.None, metadata: null, cancellationToken);
    }

    private RunRecord Record(string model, string runId, List<BatchManifest> accepted, List<BatchReport> quarantined) => new()
    {
        Model = model,
        RunId = runId,
        InstanceId = RetrainInstanceIds.For(model),
        Trigger = RunTrigger.CommandLine,
        StartedAt = accepted.Select(m => m.AcceptedAt).Concat(quarantined.Select(r => r.ValidatedAt)).DefaultIfEmpty(timeProvider.GetUtcNow()).Min(),
        CompletedAt = timeProvider.GetUtcNow(),
    };

    private static ValidationResult Validation(string model, string runId, List<BatchManifest> accepted, List<BatchReport> quarantined) => new(
        [.. accepted.Select(m => new AcceptedBatch(m.BatchId, m.SourceName, m.Rows, 0))],
        [.. quarantined.Select(r => new QuarantinedBatch(r.BatchId, r.SourceName, ModelArtifacts.For(model).Quarantine.Report(r.BatchId), "quarantined (see its report)"))],
        ModelArtifacts.For(model).Runs.Run(runId).ValidationReport);
}
