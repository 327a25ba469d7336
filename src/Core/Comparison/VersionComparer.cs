using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Comparison;

/// <summary>
/// Scores two versions of a model on one labeled CSV, each with the spec it was trained under (a version is
/// self-contained), with the metrics and the paired block-bootstrap interval the promotion gate uses, and checks the
/// file against each version's lineage: rows already in the snapshot a version was trained on flatter it.
/// </summary>
public sealed class VersionComparer(IArtifactStore store, ModelSpecStore specs, ModelScorer scorer)
{
    /// <summary>Compares <paramref name="versionB"/> with <paramref name="versionA"/> on <paramref name="csv"/> (UTF-8, comma-separated, with a header).</summary>
    /// <exception cref="ArtifactNotFoundException">A version does not exist.</exception>
    /// <exception cref="InvalidDataException">The file cannot be scored by a version (a column missing), or the versions solve different tasks.</exception>
    public async Task<VersionComparison> CompareAsync(string model, string versionA, string versionB, byte[] csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var a = await store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(versionA).Manifest, cancellationToken);
        var b = await store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(versionB).Manifest, cancellationToken);
        var (specA, specB) = (await specs.LoadForVersionAsync(a, cancellationToken), await specs.LoadForVersionAsync(b, cancellationToken));
        if (specA.Task != specB.Task)
        {
            throw new InvalidDataException($"version {versionA} is a {specA.Task} model and {versionB} a {specB.Task} model; only versions of one task compare.");
        }

        // The scorers read from the store: the file goes to scratch/ for the comparison only.
        var scratch = ScratchArtifacts.File("compare", Convert.ToHexStringLower(SHA256.HashData(csv)) + ".csv");
        await store.WriteBytesAsync(scratch, csv, ArtifactWriteCondition.None, cancellationToken);
        try
        {
            var metricsA = await scorer.ScoreAsync(specA, ModelArtifacts.For(model).Versions.Version(versionA).Model, scratch, cancellationToken);
            var metricsB = await scorer.ScoreAsync(specB, ModelArtifacts.For(model).Versions.Version(versionB).Model, scratch, cancellationToken);
            var predictionsA = await scorer.PredictAsync(specA, ModelArtifacts.For(model).Versions.Version(versionA).Model, scratch, cancellationToken);
            var predictionsB = await scorer.PredictAsync(specB, ModelArtifacts.For(model).Versions.Version(versionB).Model, scratch, cancellationToken);
            if (predictionsA.Count != predictionsB.Count)
            {
                throw new InvalidDataException($"version {versionA} scores {predictionsA.Count} rows of the file and {versionB} {predictionsB.Count} (their specs read it differently); the rows cannot be paired.");
            }

            var gate = specB.Gate;
            var blockRows = gate.EffectiveBlockRows(predictionsB.Count);
            var intervals = PairedStatistics.Bootstrap(predictionsB, predictionsA, EvaluationMetrics.ForTask(specB.Task), gate.Confidence, gate.BootstrapIterations, gate.BootstrapSeed, blockRows: blockRows);
            var method = string.Create(CultureInfo.InvariantCulture,
                $"improvement of {versionB} over {versionA}, paired on {predictionsB.Count} rows in file order: bootstrap of blocks of {blockRows} rows ({gate.BootstrapIterations} resamples, seed {gate.BootstrapSeed}; {gate.Confidence:P0} two-sided, ± t · standard error), as the gate of {versionB}'s spec");
            var overlaps = new List<TrainingOverlap>
            {
                await OverlapAsync(a, specA, csv, cancellationToken),
                await OverlapAsync(b, specB, csv, cancellationToken),
            };
            return new VersionComparison(model, versionA, versionB, specB.Task, gate.EffectiveMetric(specB.Task), predictionsB.Count, metricsA, metricsB, intervals, method, overlaps);
        }
        finally
        {
            await store.DeleteAsync(scratch, CancellationToken.None);
        }
    }

    /// <summary>Counts the file's rows that equal, on the spec's columns, a row of a batch in the version's training snapshot.</summary>
    private async Task<TrainingOverlap> OverlapAsync(ModelVersion version, ModelSpec spec, byte[] csv, CancellationToken cancellationToken)
    {
        var columns = spec.Features.Select(f => f.Name).Append(spec.Label.Column).Append(spec.TimestampColumn).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var fileRows = RowKeys(new MemoryStream(csv), columns);
        var wanted = fileRows.ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var batches = new List<string>();
        var missing = 0;
        var manifest = await store.TryReadJsonWithETagAsync<SnapshotManifest>(ModelArtifacts.For(version.Model).Snapshots.Manifest(version.SnapshotDigest), cancellationToken);
        foreach (var batch in manifest?.Value.Batches ?? [])
        {
            var bytes = await store.TryReadBytesAsync(ModelArtifacts.For(version.Model).Batches.Accepted(batch.BatchId), cancellationToken);
            if (bytes is null)
            {
                missing++;
                continue;
            }

            var before = found.Count;
            found.UnionWith(RowKeys(new MemoryStream(bytes), columns).Where(wanted.Contains));
            if (found.Count > before)
            {
                batches.Add(batch.BatchId);
            }
        }

        return new TrainingOverlap(version.Version, version.SnapshotDigest, fileRows.Count(found.Contains), fileRows.Count, batches, manifest is null ? -1 : missing);
    }

    /// <summary>One key per data row: the values of <paramref name="columns"/> (absent ones empty), in that order.</summary>
    private static List<string> RowKeys(Stream stream, IReadOnlyList<string> columns)
    {
        using var reader = new CsvReader(stream);
        var header = reader.ReadHeader();
        var index = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var keys = new List<string>();
        var key = new StringBuilder();
        while (reader.ReadRecord() is { } record)
        {
            key.Clear();
            foreach (var i in index)
            {
                key.Append(i >= 0 && i < record.Length ? record[i].Trim() : string.Empty).Append('\u001f');
            }

            keys.Add(key.ToString());
        }

        return keys;
    }
}
