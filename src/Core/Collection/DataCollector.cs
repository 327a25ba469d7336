using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Collection;

/// <summary>
/// Collects incoming files into immutable, content-addressed batches, and assembles the accepted batches
/// inside the spec's window into a time-ordered training snapshot. Both steps are idempotent, so an activity
/// retried after a crash converges to the same state: nothing is lost and nothing is ingested twice.
/// </summary>
public sealed class DataCollector(ModelSpecStore specs, IArtifactStore store, IOptions<CollectionOptions> options, TimeProvider timeProvider, ILogger<DataCollector> logger)
{
    private const string SourceNameMetadata = "sourcename";

    /// <summary>
    /// Turns each file under <c>incoming/{model}/</c> into a pending batch named by the SHA-256 of its bytes, then
    /// removes it from the drop zone. A file whose content is already a batch (pending, accepted or quarantined) is a
    /// no-op. Returns the spec in force and every pending batch.
    /// </summary>
    public async Task<CollectResult> CollectAsync(CollectRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model;
        var (spec, specDigest) = await specs.LoadAsync(model, cancellationToken);

        var duplicates = 0;
        var refused = new List<QuarantinedBatch>();
        var incoming = await ListAsync(ArtifactPaths.IncomingPrefix(model), cancellationToken);
        foreach (var file in incoming.OrderBy(f => f.LastModified).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            var sourceName = file.Path[ArtifactPaths.IncomingPrefix(model).Length..];
            if (sourceName.Contains('/', StringComparison.Ordinal))
            {
                // Nested folders are not part of the drop-zone contract; leave them where they are.
                continue;
            }

            var batchId = await HashAsync(file.Path, cancellationToken);
            if (file.Length > options.Value.MaxFileBytes)
            {
                refused.Add(await RefuseAsync(request, file, sourceName, batchId, cancellationToken));
            }
            else if (await IsKnownAsync(model, batchId, cancellationToken))
            {
                duplicates++;
                CollectionLog.DuplicateIgnored(logger, model, request.RunId, sourceName, batchId);
            }
            else
            {
                await CopyAsync(file.Path, ArtifactPaths.PendingBatch(model, batchId), new Dictionary<string, string> { [SourceNameMetadata] = Encode(sourceName) }, cancellationToken);
                CollectionLog.BatchCollected(logger, model, request.RunId, sourceName, batchId, file.Length);
            }

            // Only after the batch is safely stored does the file leave the drop zone.
            await store.DeleteAsync(file.Path, cancellationToken);
        }

        var pending = new List<BatchRef>();
        foreach (var batch in await ListAsync(ArtifactPaths.PendingBatchesPrefix(model), cancellationToken))
        {
            var id = Path.GetFileNameWithoutExtension(batch.Path);
            var source = batch.Metadata.TryGetValue(SourceNameMetadata, out var encoded) ? Decode(encoded) : id;
            pending.Add(new BatchRef(id, batch.Path, source, batch.Length));
        }

        return new CollectResult(spec, specDigest, pending, duplicates, refused);
    }

    /// <summary>
    /// Assembles the snapshot: accepted batches in arrival (or timestamp) order, rows sorted by the timestamp column
    /// when the spec has one, cut to the window, split into train/validation/holdout with the newest rows held out.
    /// The digest covers the ordered batch ids, the rows taken and the split settings, so the same inputs always
    /// give the same snapshot (written once, reused on retries).
    /// </summary>
    public async Task<SnapshotRef> AssembleSnapshotAsync(SnapshotRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (model, spec) = (request.Model, request.Spec);
        var columns = SnapshotColumns(spec);

        var manifests = new List<BatchManifest>();
        foreach (var item in await ListAsync(ArtifactPaths.AcceptedBatchesPrefix(model), cancellationToken))
        {
            if (ArtifactPaths.IsAcceptedBatchManifest(item.Path))
            {
                manifests.Add(await store.ReadJsonAsync<BatchManifest>(item.Path, cancellationToken));
            }
        }

        manifests = [.. manifests
            .OrderBy(m => m.FirstTimestamp ?? m.AcceptedAt)
            .ThenBy(m => m.AcceptedAt)
            .ThenBy(m => m.BatchId, StringComparer.Ordinal)];

        var rows = new List<SnapshotRow>();
        for (var b = 0; b < manifests.Count; b++)
        {
            await ReadRowsAsync(model, manifests[b].BatchId, b, spec, columns, rows, cancellationToken);
        }

        if (spec.TimestampColumn is not null)
        {
            rows = [.. rows.OrderBy(r => r.Timestamp).ThenBy(r => r.BatchIndex).ThenBy(r => r.RowIndex)];
        }

        rows = ApplyWindow(rows, spec.Window);
        var (trainRows, validationRows, holdoutRows) = Split(rows.Count, spec.Gate);
        var taken = rows.GroupBy(r => r.BatchIndex).OrderBy(g => g.Key)
            .Select(g => new SnapshotBatch(manifests[g.Key].BatchId, g.Count())).ToList();
        var digest = Digest(spec, columns, taken);
        var manifestPath = ArtifactPaths.SnapshotManifest(model, digest);

        var insufficient = Insufficiency(spec, rows, trainRows, validationRows, holdoutRows, columns);
        var snapshot = new SnapshotRef(digest, manifestPath, taken.Count, trainRows, validationRows, holdoutRows, insufficient);
        if (insufficient is not null || await store.ExistsAsync(manifestPath, cancellationToken))
        {
            return snapshot;
        }

        await WriteSplitAsync(ArtifactPaths.SnapshotSplit(model, digest, DataSplit.Train), columns, rows, 0, trainRows, cancellationToken);
        await WriteSplitAsync(ArtifactPaths.SnapshotSplit(model, digest, DataSplit.Validation), columns, rows, trainRows, validationRows, cancellationToken);
        await WriteSplitAsync(ArtifactPaths.SnapshotSplit(model, digest, DataSplit.Holdout), columns, rows, trainRows + validationRows, holdoutRows, cancellationToken);

        // The manifest goes last: its presence means the splits are complete.
        var manifest = new SnapshotManifest(digest, model, request.RunId, taken, trainRows, validationRows, holdoutRows, spec.TimestampColumn);
        await store.WriteJsonAsync(manifestPath, manifest, ArtifactWriteCondition.None, cancellationToken);
        CollectionLog.SnapshotAssembled(logger, model, request.RunId, digest, taken.Count, trainRows, validationRows, holdoutRows);
        return snapshot;
    }

    /// <summary>The snapshot's columns: features in spec order, the label, then the timestamp if any.</summary>
    public static IReadOnlyList<string> SnapshotColumns(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var columns = spec.Features.Select(f => f.Name).Append(spec.Label.Column).ToList();
        if (spec.TimestampColumn is not null)
        {
            columns.Add(spec.TimestampColumn);
        }

        return columns;
    }

    /// <summary>
    /// Splits <paramref name="rows"/> in time order: the newest <c>holdoutFraction</c> (at least <c>minHoldoutRows</c>
    /// when possible) are held out, the <c>validationFraction</c> before them validate, the rest train.
    /// </summary>
    public static (int Train, int Validation, int Holdout) Split(int rows, GateSpec gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var holdout = Math.Min(rows, Math.Max((int)Math.Ceiling(rows * gate.HoldoutFraction), gate.MinHoldoutRows));
        var validation = Math.Min(rows - holdout, Math.Max((int)Math.Ceiling(rows * gate.ValidationFraction), 1));
        return (rows - holdout - validation, validation, holdout);
    }

    private static string? Insufficiency(ModelSpec spec, List<SnapshotRow> rows, int train, int validation, int holdout, IReadOnlyList<string> columns)
    {
        var needed = spec.Validation.MinTrainingRows;
        if (rows.Count < needed)
        {
            return $"The window holds {rows.Count:N0} accepted rows; at least {needed:N0} are needed (validation.minTrainingRows) to train and evaluate. Upload more labeled data to incoming/{spec.Name}/.";
        }

        if (holdout < spec.Gate.MinHoldoutRows || train < holdout)
        {
            return $"A holdout of {holdout:N0} rows (minimum {spec.Gate.MinHoldoutRows:N0}) leaves {train:N0} rows to train on; upload more data or lower gate.minHoldoutRows.";
        }

        if (spec.Task != ModelTask.Regression)
        {
            var labelIndex = columns.Count - (spec.TimestampColumn is null ? 1 : 2);
            var trainClasses = rows.Take(train).Select(r => r.Values[labelIndex]).Distinct(StringComparer.Ordinal).Count();
            if (trainClasses < 2)
            {
                return $"The train split holds a single class of '{spec.Label.Column}'; at least two are needed. Upload labeled data with other classes.";
            }
        }

        _ = validation;
        return null;
    }

    private static List<SnapshotRow> ApplyWindow(List<SnapshotRow> rows, WindowSpec window)
    {
        if (window.MaxAgeDays is { } days && rows.Count > 0 && rows[^1].Timestamp is { } newest)
        {
            var oldest = newest - TimeSpan.FromDays(days);
            rows = [.. rows.Where(r => r.Timestamp is null || r.Timestamp >= oldest)];
        }

        if (window.MaxRows > 0 && rows.Count > window.MaxRows)
        {
            rows = rows.GetRange(rows.Count - window.MaxRows, window.MaxRows);
        }

        return rows;
    }

    private static string Digest(ModelSpec spec, IReadOnlyList<string> columns, IReadOnlyList<SnapshotBatch> batches)
    {
        var text = new StringBuilder();
        text.AppendJoin('\u001f', columns).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{spec.Window.MaxRows}|{spec.Window.MaxAgeDays}|{spec.Gate.HoldoutFraction}|{spec.Gate.ValidationFraction}|{spec.Gate.MinHoldoutRows}|{spec.Label.PositiveClass}\n");
        foreach (var batch in batches)
        {
            text.Append(CultureInfo.InvariantCulture, $"{batch.BatchId}:{batch.Rows}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task ReadRowsAsync(string model, string batchId, int batchIndex, ModelSpec spec, IReadOnlyList<string> columns, List<SnapshotRow> rows, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(ArtifactPaths.AcceptedBatch(model, batchId), cancellationToken);
        using var reader = new CsvReader(stream);
        var header = reader.ReadHeader();
        var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        if (indexes.Any(i => i < 0))
        {
            throw new InvalidDataException($"Accepted batch {batchId} lacks column(s) {string.Join(", ", columns.Where((_, i) => indexes[i] < 0))} of the current spec; it was accepted under an earlier spec. Re-upload it or restore the column.");
        }

        var timestampIndex = spec.TimestampColumn is null ? -1 : indexes[^1];
        var rowIndex = 0;
        while (reader.ReadRecord() is { } record)
        {
            if (record.Length == 1 && record[0].Length == 0)
            {
                continue;
            }

            var values = new string[indexes.Length];
            for (var i = 0; i < indexes.Length; i++)
            {
                values[i] = record[indexes[i]];
            }

            DateTimeOffset? timestamp = timestampIndex >= 0 && CsvValues.TryParseTimestamp(record[timestampIndex], out var t) ? t : null;
            rows.Add(new SnapshotRow(values, timestamp, batchIndex, rowIndex++));
        }
    }

    private async Task WriteSplitAsync(string path, IReadOnlyList<string> columns, List<SnapshotRow> rows, int start, int count, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CsvWriter(buffer, leaveOpen: true))
        {
            writer.WriteRecord(columns);
            for (var i = start; i < start + count; i++)
            {
                writer.WriteRecord(rows[i].Values);
            }
        }

        buffer.Position = 0;
        await store.WriteAsync(path, buffer, ArtifactWriteCondition.None, metadata: null, cancellationToken);
    }

    private async Task<QuarantinedBatch> RefuseAsync(CollectRequest request, ArtifactProperties file, string sourceName, string batchId, CancellationToken cancellationToken)
    {
        var (model, limit) = (request.Model, options.Value.MaxFileBytes);
        var reason = $"The file is {file.Length:N0} bytes; the limit is {limit:N0} bytes (Collection:MaxFileBytes). Split it into smaller batches or raise the limit.";
        var finding = new ValidationFinding(FindingSeverity.Error, ValidationCheck.FileSize, null, reason,
            Observed: file.Length.ToString(CultureInfo.InvariantCulture), Limit: limit.ToString(CultureInfo.InvariantCulture));
        var reportPath = ArtifactPaths.QuarantineReport(model, batchId);

        // Streamed store to store: an oversized file is kept byte for byte but never held in memory.
        await CopyAsync(file.Path, ArtifactPaths.QuarantinedBatch(model, batchId), new Dictionary<string, string> { [SourceNameMetadata] = Encode(sourceName) }, cancellationToken);
        await store.WriteJsonAsync(reportPath, new BatchReport(batchId, sourceName, false, 0, [finding], request.RunId, timeProvider.GetUtcNow()), ArtifactWriteCondition.None, cancellationToken);
        CollectionLog.FileRefused(logger, model, request.RunId, sourceName, file.Length, limit);
        return new QuarantinedBatch(batchId, sourceName, reportPath, reason);
    }

    private async Task<bool> IsKnownAsync(string model, string batchId, CancellationToken cancellationToken) =>
        await store.ExistsAsync(ArtifactPaths.PendingBatch(model, batchId), cancellationToken)
        || await store.ExistsAsync(ArtifactPaths.AcceptedBatch(model, batchId), cancellationToken)
        || await store.ExistsAsync(ArtifactPaths.QuarantinedBatch(model, batchId), cancellationToken);

    private async Task CopyAsync(string from, string to, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        await using var source = await store.OpenReadAsync(from, cancellationToken);
        try
        {
            await store.WriteAsync(to, source, ArtifactWriteCondition.IfNotExists, metadata, cancellationToken);
        }
        catch (ArtifactConditionFailedException)
        {
            // Content-addressed: an existing blob under this name holds the same bytes (an earlier attempt wrote it).
        }
    }

    private async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private async Task<List<ArtifactProperties>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var items = new List<ArtifactProperties>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    // Blob metadata values must be ASCII; file names may not be.
    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static string Decode(string value) => Uri.UnescapeDataString(value);

    private sealed record SnapshotRow(string[] Values, DateTimeOffset? Timestamp, int BatchIndex, int RowIndex);
}
