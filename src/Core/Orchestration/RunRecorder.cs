using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Telemetry;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>Writes run records to <c>runs/{model}/{runId}/record.json</c> and reads them back.</summary>
public sealed class RunRecorder(IArtifactStore store, ILogger<RunRecorder> logger)
{
    /// <summary>
    /// Writes the record of a run, once: records are immutable decision records. An activity retry finds the record an
    /// earlier attempt wrote — the same document, since the orchestrator builds it deterministically — and keeps it.
    /// </summary>
    /// <returns>The record's path.</returns>
    public async Task<string> RecordAsync(RunRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = ModelArtifacts.For(record.Model).Runs.Run(record.RunId).Record;
        try
        {
            await store.WriteJsonAsync(path, record, ArtifactWriteCondition.IfNotExists, cancellationToken);
            OrchestrationLog.RunRecorded(logger, record.Model, record.RunId, path);

            // Only the write that created the record reports the run, so a retry never duplicates its spans.
            RetrainTelemetry.RecordRun(record);
        }
        catch (ArtifactConditionFailedException)
        {
            OrchestrationLog.RunAlreadyRecorded(logger, record.Model, record.RunId, path);
        }

        return path;
    }

    /// <summary>Lists the records of <paramref name="model"/>'s runs, oldest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAsync(string model, CancellationToken cancellationToken = default)
    {
        var records = new List<RunRecord>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Runs.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/record.json", StringComparison.Ordinal))
            {
                records.Add(await store.ReadJsonAsync<RunRecord>(item.Path, cancellationToken));
            }
        }

        return [.. records.OrderBy(r => r.StartedAt).ThenBy(r => r.RunId, StringComparer.Ordinal)];
    }
}
