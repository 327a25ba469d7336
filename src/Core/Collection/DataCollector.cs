using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
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
        var incoming = await ListAsync(ModelArtifacts.For(model).Incoming.Prefix, cancellationToken);
        foreach (var file in incoming.OrderBy(f => f.LastModified).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            var sourceName = file.Path[ModelArtifacts.For(model).Incoming.Prefix.Length..];
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
            else if (await IsParquetAsync(file.Path, sourceName, cancellationToken))
            {
                if (await CollectParquetAsync(request, file, sourceName, batchId, cancellationToken) is { } unreadable)
                {
                    refused.Add(unreadable);
                }
            }
            else
            {
                await store.CopyOnceAsync(file.Path, ModelArtifacts.For(model).Batches.Pending(batchId), new Dictionary<string, string> { [SourceNameMetadata] = Encode(sourceName) }, cancellationToken);
                CollectionLog.BatchCollected(logger, model, request.RunId, sourceName, batchId, file.Length);
            }

            // Only after the batch is safely stored does the file leave the drop zone.
            await store.DeleteAsync(file.Path, cancellationToken);
        }

        var pending = new List<BatchRef>();
        foreach (var batch in await ListAsync(ModelArtifacts.For(model).Batches.PendingPrefix, cancellationToken))
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
        foreach (var item in await ListAsync(ModelArtifacts.For(model).Batches.AcceptedPrefix, cancellationToken))
        {
            if (BatchArtifacts.IsAcceptedManifest(item.Path))
            {
                manifests.Add(await store.ReadJsonAsync<BatchManifest>(item.Path, cancellationToken));
            }
        }

        manifests = [.. manifests
            .OrderBy(m => m.FirstTimestamp ?? m.AcceptedAt)
            .ThenBy(m => m.AcceptedAt)
            .ThenBy(m => m.BatchId, StringComparer.Ordinal)];

        // Each batch is parsed once into typed columns; from here on rows are only addressed by index. Batches wholly older
        // than window.maxRows newer rows hold no row of the window and are not read, unless a parsed batch's timestamps
        // contradict its manifest (a spec whose timestamp column changed): then every batch is.
        var firstInWindow = SnapshotOrder.FirstBatchInWindow(manifests, spec);
        var (table, consistent) = await ParseAsync(model, spec, manifests[firstInWindow..], verify: firstInWindow > 0, cancellationToken);
        if (!consistent)
        {
            (table, _) = await ParseAsync(model, spec, manifests, verify: false, cancellationToken);
        }
        else
        {
            manifests = manifests[firstInWindow..];
        }

        var order = SnapshotOrder.Window(SnapshotOrder.TimeOrder(table.Ticks, spec.TimestampColumn is not null), table.Ticks, spec.Window);
        var lineage = await ReadProductionLineageAsync(model, cancellationToken);
        var rowSets = RowSetPlanner.Plan(order, table.BatchOfRow, [.. manifests.Select(m => m.BatchId)], lineage, spec.RowSetGate());
        var (trainRows, validationRows, holdoutRows) = (rowSets.TrainingRows, rowSets.SelectionRows, rowSets.ComparisonRows);
        var comparedPerBatch = SnapshotOrder.RowsPerBatch(order[^holdoutRows..], table.BatchOfRow, manifests.Count);
        var taken = SnapshotOrder.RowsPerBatch(order, table.BatchOfRow, manifests.Count)
            .Select((rows, b) => (Rows: rows, Batch: b)).Where(p => p.Rows > 0)
            .Select(p => new SnapshotBatch(manifests[p.Batch].BatchId, p.Rows, comparedPerBatch[p.Batch])).ToList();
        var digest = Digest(spec, columns, taken, rowSets);
        var manifestPath = ModelArtifacts.For(model).Snapshots.Manifest(digest);

        var insufficient = Insufficiency(spec, table, order, rowSets);
        var snapshot = new SnapshotRef(digest, manifestPath, taken.Count, trainRows, validationRows, holdoutRows, insufficient, rowSets);
        if (insufficient is not null || await IsCompleteAsync(model, digest, cancellationToken))
        {
            return snapshot;
        }

        await BinarySplit.WriteAsync(store, ModelArtifacts.For(model).Snapshots.Split(digest, DataSplit.Train), new SnapshotSplitView(table, order, 0, trainRows), cancellationToken);
        await BinarySplit.WriteAsync(store, ModelArtifacts.For(model).Snapshots.Split(digest, DataSplit.Validation), new SnapshotSplitView(table, order, trainRows, validationRows), cancellationToken);
        await BinarySplit.WriteAsync(store, ModelArtifacts.For(model).Snapshots.Split(digest, DataSplit.Holdout), new SnapshotSplitView(table, order, trainRows + validationRows, holdoutRows), cancellationToken);

        // The manifest goes last: its presence means the splits are complete.
        var manifest = new SnapshotManifest(digest, model, request.RunId, taken, trainRows, validationRows, holdoutRows, spec.TimestampColumn, rowSets);
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
    public static (int Train, int Validation, int Holdout) Split(int rows, GateSpec gate) => RowSetPlanner.FractionSplit(rows, gate);

    /// <summary>
    /// Reads what production has seen: its version manifest names its snapshot, whose manifest lists the batches (all of
    /// them, or only those with training or selection rows when the version was deployed as trained). Null without a
    /// production model; <see cref="ProductionLineage.SeenBatches"/> null when a manifest is missing.
    /// </summary>
    public async Task<ProductionLineage?> ReadProductionLineageAsync(string model, CancellationToken cancellationToken = default)
    {
        if (await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken) is not { Value: var pointer })
        {
            return null;
        }

        var versionPath = ModelArtifacts.For(model).Versions.Version(pointer.Version).Manifest;
        if (await store.TryReadJsonWithETagAsync<ModelVersion>(versionPath, cancellationToken) is not { Value: var version }
            || await store.TryReadJsonWithETagAsync<SnapshotManifest>(ModelArtifacts.For(model).Snapshots.Manifest(version.SnapshotDigest), cancellationToken) is not { Value: var snapshot })
        {
            return new ProductionLineage(pointer.Version, null);
        }

        var seen = version.Seen == SnapshotRowsSeen.TrainingAndSelection
            ? snapshot.Batches.Where(b => b.Rows > b.ComparisonRows)
            : snapshot.Batches;
        return new ProductionLineage(pointer.Version, seen.Select(b => b.BatchId).ToHashSet(StringComparer.Ordinal));
    }

    private static string? Insufficiency(ModelSpec spec, SnapshotTable table, int[] order, SnapshotRowSets rowSets)
    {
        var (train, holdout) = (rowSets.TrainingRows, rowSets.ComparisonRows);
        var needed = spec.Validation.MinTrainingRows;
        if (order.Length < needed)
        {
            return $"The window holds {order.Length:N0} accepted rows; at least {needed:N0} are needed (validation.minTrainingRows) to train and evaluate. Upload more labeled data to incoming/{spec.Name}/.";
        }

        var minimum = RowSetPlanner.MinimumComparisonRows(spec.Gate);
        if (rowSets.Basis == ComparisonBasis.UnseenByProduction && holdout < minimum)
        {
            var why = spec.Gate.Mode == GateMode.Superiority ? "gate.minHoldoutRows, superiority mode" : "the non-inferiority floor";
            return holdout == 0
                ? $"No row in the window is newer than what production {rowSets.ProductionVersion} trained on, so there is nothing to compare a challenger with on rows neither has seen. Upload new labeled data to incoming/{spec.Name}/."
                : $"Only {rowSets.UnseenRows:N0} row(s) are newer than what production {rowSets.ProductionVersion} trained on, giving {holdout:N0} comparison row(s); at least {minimum:N0} ({why}) are needed to compare a challenger with it. Production stays; the next run compares on these rows plus the new ones.";
        }

        if (rowSets.Basis != ComparisonBasis.UnseenByProduction && (holdout < spec.Gate.MinHoldoutRows || train < holdout))
        {
            return $"A holdout of {holdout:N0} rows (minimum {spec.Gate.MinHoldoutRows:N0}) leaves {train:N0} rows to train on; upload more data or lower gate.minHoldoutRows.";
        }

        if (spec.Task != ModelTask.Regression)
        {
            // One code per distinct label text, so two codes are two classes.
            var codes = table.Codes(table.LabelColumn);
            var twoClasses = false;
            for (var i = 1; i < train && !twoClasses; i++)
            {
                twoClasses = codes[order[i]] != codes[order[0]];
            }

            if (!twoClasses)
            {
                return $"The train split holds a single class of '{spec.Label.Column}'; at least two are needed. Upload labeled data with other classes.";
            }
        }

        return null;
    }

    /// <summary>
    /// Parses <paramref name="manifests"/>' batches into one table; with <paramref name="verify"/>, also says whether their
    /// timestamps span exactly their manifests' time ranges (otherwise consistent).
    /// </summary>
    private async Task<(SnapshotTable Table, bool Consistent)> ParseAsync(string model, ModelSpec spec, List<BatchManifest> manifests, bool verify, CancellationToken cancellationToken)
    {
        var table = new SnapshotTable(spec, (int)Math.Min(int.MaxValue, manifests.Sum(m => (long)m.Rows)));
        var consistent = true;
        for (var b = 0; b < manifests.Count; b++)
        {
            var start = table.Rows;
            await using (var stream = await store.OpenReadAsync(ModelArtifacts.For(model).Batches.Accepted(manifests[b].BatchId), cancellationToken))
            {
                table.Append(stream, b, manifests[b].BatchId);
            }

            if (verify && spec.TimestampColumn is not null && table.Rows > start)
            {
                var (first, last) = (long.MaxValue, long.MinValue);
                foreach (var tick in table.Ticks[start..])
                {
                    (first, last) = (Math.Min(first, tick), Math.Max(last, tick));
                }

                consistent &= manifests[b].FirstTimestamp?.UtcTicks == first && manifests[b].LastTimestamp?.UtcTicks == last;
            }
        }

        return (table, consistent);
    }

    private static string Digest(ModelSpec spec, IReadOnlyList<string> columns, IReadOnlyList<SnapshotBatch> batches, SnapshotRowSets rowSets)
    {
        var text = new StringBuilder();
        text.AppendJoin('\u001f', columns).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{spec.Window.MaxRows}|{spec.Window.MaxAgeDays}|{spec.Gate.HoldoutFraction}|{spec.Gate.ValidationFraction}|{spec.Gate.MinHoldoutRows}|{spec.Label.PositiveClass}\n");
        text.Append(CultureInfo.InvariantCulture, $"{rowSets.TrainingRows}|{rowSets.SelectionRows}|{rowSets.ComparisonRows}\n");
        foreach (var batch in batches)
        {
            text.Append(CultureInfo.InvariantCulture, $"{batch.BatchId}:{batch.Rows}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Returns whether the snapshot's manifest and its three binary splits exist (a snapshot written before the binary splits is written again).</summary>
    private async Task<bool> IsCompleteAsync(string model, string digest, CancellationToken cancellationToken)
    {
        if (!await store.ExistsAsync(ModelArtifacts.For(model).Snapshots.Manifest(digest), cancellationToken))
        {
            return false;
        }

        foreach (var split in Enum.GetValues<DataSplit>())
        {
            if (!await store.ExistsAsync(ModelArtifacts.For(model).Snapshots.Split(digest, split), cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<QuarantinedBatch> RefuseAsync(CollectRequest request, ArtifactProperties file, string sourceName, string batchId, CancellationToken cancellationToken)
    {
        var (model, limit) = (request.Model, options.Value.MaxFileBytes);
        var reason = $"The file is {file.Length:N0} bytes; the limit is {limit:N0} bytes (Collection:MaxFileBytes). Split it into smaller batches or raise the limit.";
        var finding = new ValidationFinding(FindingSeverity.Error, ValidationCheck.FileSize, null, reason,
            Observed: file.Length.ToString(CultureInfo.InvariantCulture), Limit: limit.ToString(CultureInfo.InvariantCulture));
        var reportPath = ModelArtifacts.For(model).Quarantine.Report(batchId);

        // Streamed store to store: an oversized file is kept byte for byte but never held in memory.
        await store.CopyOnceAsync(file.Path, ModelArtifacts.For(model).Quarantine.Batch(batchId), new Dictionary<string, string> { [SourceNameMetadata] = Encode(sourceName) }, cancellationToken);
        await store.WriteJsonAsync(reportPath, new BatchReport(batchId, sourceName, false, 0, [finding], request.RunId, timeProvider.GetUtcNow()), ArtifactWriteCondition.None, cancellationToken);
        CollectionLog.FileRefused(logger, model, request.RunId, sourceName, file.Length, limit);
        return new QuarantinedBatch(batchId, sourceName, reportPath, reason);
    }

    /// <summary>A Parquet upload: named <c>.parquet</c>/<c>.parq</c>, or starting with Parquet's magic number whatever its name.</summary>
    private async Task<bool> IsParquetAsync(string path, string sourceName, CancellationToken cancellationToken)
    {
        if (ParquetBatch.IsParquetName(sourceName))
        {
            return true;
        }

        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        var head = new byte[4];
        return await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken) == head.Length && ParquetBatch.HasMagic(head);
    }

    /// <summary>
    /// Keeps a Parquet upload as it arrived and stores its CSV rendering as the pending batch, which validation then
    /// treats as any CSV; a file Parquet.Net cannot read is quarantined, as it arrived, with a report saying why.
    /// </summary>
    private async Task<QuarantinedBatch?> CollectParquetAsync(CollectRequest request, ArtifactProperties file, string sourceName, string batchId, CancellationToken cancellationToken)
    {
        var model = request.Model;
        var metadata = new Dictionary<string, string> { [SourceNameMetadata] = Encode(sourceName) };
        using var upload = await LocalArtifactCopy.DownloadAsync(store, file.Path, cancellationToken);
        var csvPath = upload.LocalPath + ".csv";
        try
        {
            try
            {
                await using var parquet = File.OpenRead(upload.LocalPath);
                await using var csv = File.Create(csvPath);
                await ParquetBatch.WriteCsvAsync(parquet, csv, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                var reason = $"The file cannot be read as Parquet: {ex.Message}.";
                var finding = new ValidationFinding(FindingSeverity.Error, ValidationCheck.Format, null, reason);
                var reportPath = ModelArtifacts.For(model).Quarantine.Report(batchId);
                await store.CopyOnceAsync(file.Path, ModelArtifacts.For(model).Quarantine.Batch(batchId), metadata, cancellationToken);
                await store.WriteJsonAsync(reportPath, new BatchReport(batchId, sourceName, false, 0, [finding], request.RunId, timeProvider.GetUtcNow()), ArtifactWriteCondition.None, cancellationToken);
                CollectionLog.ParquetRefused(logger, model, request.RunId, sourceName, ex.Message);
                return new QuarantinedBatch(batchId, sourceName, reportPath, reason);
            }

            await store.CopyOnceAsync(file.Path, ModelArtifacts.For(model).Batches.Source(batchId, ParquetBatch.Extension), metadata, cancellationToken);
            await using (var rendered = File.OpenRead(csvPath))
            {
                await WriteOnceAsync(ModelArtifacts.For(model).Batches.Pending(batchId), rendered, metadata, cancellationToken);
            }

            CollectionLog.BatchCollected(logger, model, request.RunId, sourceName, batchId, file.Length);
            return null;
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    private async Task<bool> IsKnownAsync(string model, string batchId, CancellationToken cancellationToken) =>
        await store.ExistsAsync(ModelArtifacts.For(model).Batches.Pending(batchId), cancellationToken)
        || await store.ExistsAsync(ModelArtifacts.For(model).Batches.Accepted(batchId), cancellationToken)
        || await store.ExistsAsync(ModelArtifacts.For(model).Quarantine.Batch(batchId), cancellationToken);

    private async Task WriteOnceAsync(string to, Stream content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(to, content, ArtifactWriteCondition.IfNotExists, metadata, cancellationToken);
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
}
