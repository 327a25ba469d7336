using System.Globalization;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Drift;

/// <summary>
/// The storage side of profiling and drift: stores batch and snapshot profiles beside their data, finds the
/// reference the spec asks for (production training data, previous batch or the same period one season earlier)
/// and writes a run's drift report as JSON and HTML. Profiles missing from older data are built on first use.
/// With a <see cref="ModelScorer"/>, it also measures prediction drift: the production model's scores on the new
/// data against its scores on its own training data. The measures are those of the host's <see cref="DriftMeasureRegistry"/>
/// (the built-in ones when none is given).
/// </summary>
public sealed class DriftMonitor(IArtifactStore store, ILogger logger, ModelScorer? scorer = null, DriftMeasureRegistry? measures = null)
{
    /// <summary>
    /// The most rows of one file (a batch or a train split) whose scores enter prediction drift: 100,000. Larger files
    /// are scored on every n-th row, which keeps the score distribution and bounds the cost of scoring.
    /// </summary>
    public const int PredictionDriftMaxRows = 100_000;

    /// <summary>Profiles the CSV at <paramref name="dataPath"/>.</summary>
    public async Task<DatasetProfile> ProfileAsync(string dataPath, ModelSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        ArgumentNullException.ThrowIfNull(spec);
        var profiler = new DatasetProfiler(spec);
        profiler.Add(await store.OpenReadAsync(dataPath, cancellationToken));
        return profiler.Build();
    }

    /// <summary>Returns the stored profile of an accepted batch, profiling the batch (and storing the profile) when there is none.</summary>
    public Task<DatasetProfile> BatchProfileAsync(string model, string runId, string batchId, ModelSpec spec, CancellationToken cancellationToken = default) =>
        StoredProfileAsync(model, runId, ModelArtifacts.For(model).Batches.AcceptedProfile(batchId), [ModelArtifacts.For(model).Batches.Accepted(batchId)], spec, cancellationToken);

    /// <summary>Returns the training profile of the production model (its snapshot's train split), or null when there is no production model.</summary>
    public async Task<ProductionReference?> ProductionProfileAsync(string model, string runId, ModelSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var pointer = await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken);
        if (pointer is null)
        {
            return null;
        }

        var version = await store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(pointer.Value.Value.Version).Manifest, cancellationToken);
        var trainSplit = ModelArtifacts.For(model).Snapshots.Split(version.SnapshotDigest, DataSplit.Train);
        if (!await store.ExistsAsync(trainSplit, cancellationToken))
        {
            // A model trained before the binary splits has its train split as CSV.
            trainSplit = ModelArtifacts.For(model).Snapshots.LegacySplit(version.SnapshotDigest, DataSplit.Train);
            if (!await store.ExistsAsync(trainSplit, cancellationToken))
            {
                return null;
            }
        }

        var profile = await StoredProfileAsync(model, runId, ModelArtifacts.For(model).Snapshots.Profile(version.SnapshotDigest), [trainSplit], spec, cancellationToken);
        return new ProductionReference(profile, $"training data of production version {version.Version} (snapshot {Short(version.SnapshotDigest)})", version.Version, trainSplit);
    }

    /// <summary>
    /// Measures the drift of the labeled CSV at <paramref name="dataPath"/> — data not yet validated, such as a batch a
    /// backtest replays — against production's training data, weighted by production's feature importances as
    /// <see cref="MeasureAsync"/> weighs an accepted batch; no report is written. Not measured without a production model,
    /// or when the spec's reference is another batch (<see cref="DriftSpec.Reference"/> other than production).
    /// </summary>
    public async Task<DriftSummary> MeasureFileAsync(string model, string runId, ModelSpec spec, string dataPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        var kind = spec.Drift.Reference;
        if (kind != DriftReferenceKind.Production)
        {
            return NotMeasured(model, runId, kind, $"a file is measured against production's training data only, not drift.reference {kind}");
        }

        if (await ProductionProfileAsync(model, runId, spec, cancellationToken) is not { } production)
        {
            return NotMeasured(model, runId, kind, "no production model yet");
        }

        var current = await ProfileAsync(dataPath, spec, cancellationToken);
        var importance = await ImportanceAsync(model, spec, production, cancellationToken);
        var report = DriftDetector.Compare(production.Profile, current, spec.Drift, kind, production.Description, importance, measures);
        return new DriftSummary(kind, production.Description, true, report.DatasetDrifted, report.DriftedShare, report.DriftedFeatures, report.Label?.Drifted == true, null, null);
    }

    /// <summary>
    /// Computes and stores what <see cref="MeasureAsync"/> reads of <paramref name="production"/> once per version — its
    /// permutation feature importance and its prediction-drift reference (its scores on its training rows when it has no
    /// comparison-row scores) — so that a caller can have them prepared
    /// while it does other work. Nothing to do without a production model or a scorer, or when they are stored; a model
    /// that cannot score its own split is left for <see cref="MeasureAsync"/> to report.
    /// </summary>
    public async Task PrepareProductionAsync(string model, ModelSpec spec, ProductionReference? production, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (production is null || scorer is null)
        {
            return;
        }

        try
        {
            await ImportanceAsync(model, spec, production, cancellationToken);
            await ReferenceScoresAsync(model, spec, production, scorer, cancellationToken);
        }
        catch (InvalidDataException)
        {
            // MeasureAsync meets it again and says so in the log.
        }
    }

    /// <summary>
    /// Measures the drift of <paramref name="batchIds"/> (accepted in this run) against the spec's reference and
    /// writes <c>drift.json</c> and <c>drift.html</c> to the run folder. Informational: never rejects.
    /// </summary>
    public async Task<DriftSummary> MeasureAsync(
        string model,
        string runId,
        ModelSpec spec,
        IReadOnlyList<string> batchIds,
        ProductionReference? production,
        IReadOnlyDictionary<string, IReadOnlyList<double>>? productionScores = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(batchIds);
        var kind = spec.Drift.Reference;
        if (batchIds.Count == 0)
        {
            return NotMeasured(model, runId, kind, "no batch was accepted in this run");
        }

        DatasetProfile current;
        if (batchIds.Count == 1)
        {
            current = await BatchProfileAsync(model, runId, batchIds[0], spec, cancellationToken);
        }
        else
        {
            var profiler = new DatasetProfiler(spec);
            foreach (var id in batchIds)
            {
                profiler.Add(await store.OpenReadAsync(ModelArtifacts.For(model).Batches.Accepted(id), cancellationToken));
            }

            current = profiler.Build();
        }

        var reference = kind switch
        {
            DriftReferenceKind.Production => production is null ? null : (production.Profile, production.Description),
            DriftReferenceKind.Previous => await OtherBatchAsync(model, runId, spec, batchIds, current, season: null, cancellationToken),
            _ => await OtherBatchAsync(model, runId, spec, batchIds, current, TimeSpan.FromDays(spec.Drift.SeasonLengthDays), cancellationToken),
        };
        if (reference is null)
        {
            var why = kind switch
            {
                DriftReferenceKind.Production => "no production model yet",
                DriftReferenceKind.Previous => "no earlier accepted batch",
                _ => $"no accepted batch covers the same period {F(spec.Drift.SeasonLengthDays)} days earlier",
            };
            return NotMeasured(model, runId, kind, why);
        }

        var importance = await ImportanceAsync(model, spec, production, cancellationToken);
        var report = DriftDetector.Compare(reference.Value.Profile, current, spec.Drift, kind, reference.Value.Description, importance, measures) with
        {
            Model = model,
            RunId = runId,
            Prediction = await PredictionDriftAsync(model, runId, spec, batchIds, production, productionScores, cancellationToken),
        };
        var reportPath = ModelArtifacts.For(model).Runs.Run(runId).DriftReport;
        var pagePath = ModelArtifacts.For(model).Runs.Run(runId).DriftPage;
        await store.WriteJsonAsync(reportPath, report, ArtifactWriteCondition.None, cancellationToken);
        await store.WriteBytesAsync(pagePath, System.Text.Encoding.UTF8.GetBytes(DriftPage.Render(report)), ArtifactWriteCondition.None, cancellationToken);
        DriftLog.DriftMeasured(logger, model, runId, reference.Value.Description, report.DatasetDrifted, report.DriftedShare, string.Join(", ", report.DriftedFeatures));
        return new DriftSummary(kind, reference.Value.Description, true, report.DatasetDrifted, report.DriftedShare, report.DriftedFeatures,
            report.Label?.Drifted == true, reportPath, pagePath, report.Prediction?.Drifted);
    }

    /// <summary>
    /// The production model's permutation feature importances (on its own train split), computed once per version and
    /// kept beside it; null without a production model or a scorer, so features then weigh equally.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, double>?> ImportanceAsync(string model, ModelSpec spec, ProductionReference? production, CancellationToken cancellationToken)
    {
        if (production is null || scorer is null)
        {
            return null;
        }

        var path = ModelArtifacts.For(model).Versions.Version(production.Version).FeatureImportance;
        if (await store.TryReadJsonWithETagAsync<Dictionary<string, double>>(path, cancellationToken) is { } cached)
        {
            return cached.Value;
        }

        var importance = await scorer.FeatureImportanceAsync(spec, ModelArtifacts.For(model).Versions.Version(production.Version).Model, production.TrainSplitPath, cancellationToken: cancellationToken);
        try
        {
            await store.WriteJsonAsync(path, importance, ArtifactWriteCondition.IfNotExists, cancellationToken);
        }
        catch (ArtifactConditionFailedException)
        {
            // Another run computed it first; the values are the same (seeded), keep theirs.
        }

        return importance;
    }

    private async Task<FeatureDrift?> PredictionDriftAsync(
        string model,
        string runId,
        ModelSpec spec,
        IReadOnlyList<string> batchIds,
        ProductionReference? production,
        IReadOnlyDictionary<string, IReadOnlyList<double>>? productionScores,
        CancellationToken cancellationToken)
    {
        if (scorer is null || production is null)
        {
            return null;
        }

        var modelPath = ModelArtifacts.For(model).Versions.Version(production.Version).Model;
        try
        {
            var reference = await ReferenceScoresAsync(model, spec, production, scorer, cancellationToken);

            // Production scored each batch already when validation checked its labels (the same at most 100,000 evenly
            // spread rows); a batch it did not score (regression, the check off) is scored here.
            IReadOnlyList<double> scores = productionScores is not null && batchIds.All(productionScores.ContainsKey)
                ? [.. batchIds.SelectMany(id => productionScores[id])]
                : await scorer.ScoreDistributionAsync(spec, modelPath, [.. batchIds.Select(id => ModelArtifacts.For(model).Batches.Accepted(id))], PredictionDriftMaxRows, cancellationToken);
            var current = DatasetProfiler.ProfileValues("prediction", scores);
            return DriftDetector.CompareColumn(reference, current, spec.Drift, measures);
        }
        catch (InvalidDataException ex)
        {
            // The production model cannot score data of the current spec (a column was added or retyped): no prediction drift, said in the log.
            DriftLog.PredictionNotMeasured(logger, model, runId, production.Version, ex);
            return null;
        }
    }

    /// <summary>
    /// Production's prediction-drift reference: its scores on the comparison rows it was deployed on
    /// (<see cref="VersionFolder.ComparisonScoresProfile"/>, rows it had not trained on); for a version without them, its
    /// scores on its own training rows (at most <see cref="PredictionDriftMaxRows"/>), computed once and kept beside it.
    /// </summary>
    private async Task<ColumnProfile> ReferenceScoresAsync(string model, ModelSpec spec, ProductionReference production, ModelScorer scorer, CancellationToken cancellationToken)
    {
        var version = ModelArtifacts.For(model).Versions.Version(production.Version);
        if ((await store.TryReadJsonWithETagAsync<ColumnProfile>(version.ComparisonScoresProfile, cancellationToken))?.Value is { } unseen)
        {
            return unseen;
        }

        if ((await store.TryReadJsonWithETagAsync<ColumnProfile>(version.TrainingScoresProfile, cancellationToken))?.Value is { } stored)
        {
            return stored;
        }

        var reference = DatasetProfiler.ProfileValues("prediction", await scorer.ScoreDistributionAsync(spec, version.Model, [production.TrainSplitPath], PredictionDriftMaxRows, cancellationToken));
        await store.WriteJsonAsync(version.TrainingScoresProfile, reference, ArtifactWriteCondition.None, cancellationToken);
        return reference;
    }

    private async Task<(DatasetProfile Profile, string Description)?> OtherBatchAsync(
        string model, string runId, ModelSpec spec, IReadOnlyList<string> exclude, DatasetProfile current, TimeSpan? season, CancellationToken cancellationToken)
    {
        var manifests = new List<BatchManifest>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Batches.AcceptedPrefix, cancellationToken))
        {
            if (BatchArtifacts.IsAcceptedManifest(item.Path))
            {
                var manifest = await store.ReadJsonAsync<BatchManifest>(item.Path, cancellationToken);
                if (!exclude.Contains(manifest.BatchId, StringComparer.Ordinal))
                {
                    manifests.Add(manifest);
                }
            }
        }

        BatchManifest? chosen;
        if (season is null)
        {
            chosen = manifests.OrderByDescending(m => m.LastTimestamp ?? m.AcceptedAt).ThenByDescending(m => m.AcceptedAt).FirstOrDefault();
        }
        else
        {
            // The batch whose middle is nearest to the current data's middle one season earlier, within the current span (at least a day).
            if (current.FirstTimestamp is not { } first || current.LastTimestamp is not { } last)
            {
                return null;
            }

            var target = first + ((last - first) / 2) - season.Value;
            var tolerance = TimeSpan.FromTicks(Math.Max((last - first).Ticks, TimeSpan.FromDays(1).Ticks));
            chosen = manifests.Where(m => m.FirstTimestamp is not null && m.LastTimestamp is not null)
                .Select(m => (Manifest: m, Distance: (m.FirstTimestamp!.Value + ((m.LastTimestamp!.Value - m.FirstTimestamp.Value) / 2) - target).Duration()))
                .Where(p => p.Distance <= tolerance).OrderBy(p => p.Distance).Select(p => p.Manifest).FirstOrDefault();
        }

        if (chosen is null)
        {
            return null;
        }

        var profile = await BatchProfileAsync(model, runId, chosen.BatchId, spec, cancellationToken);
        var when = chosen.FirstTimestamp is { } from && chosen.LastTimestamp is { } to
            ? string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"accepted {chosen.AcceptedAt:yyyy-MM-dd}");
        return (profile, $"{(season is null ? "previous" : "seasonal")} batch {Short(chosen.BatchId)} ('{chosen.SourceName}', {when})");
    }

    private async Task<DatasetProfile> StoredProfileAsync(string model, string runId, string profilePath, IReadOnlyList<string> dataPaths, ModelSpec spec, CancellationToken cancellationToken)
    {
        var stored = await store.TryReadJsonWithETagAsync<DatasetProfile>(profilePath, cancellationToken);
        if (stored is { } s)
        {
            return s.Value;
        }

        // A binary split holds no timestamp column, so its profile has no time range.
        var profiler = new DatasetProfiler(dataPaths.Any(SpecDataLoader.IsBinary) ? spec with { TimestampColumn = null } : spec);
        foreach (var path in dataPaths)
        {
            if (SpecDataLoader.IsBinary(path))
            {
                // Typed columns straight into the profiler: writing the split as CSV and scanning it took 3.4 s of the
                // first run after a deployment at 1M rows (docs/performance.md).
                using var local = await LocalArtifactCopy.DownloadAsync(store, path, cancellationToken);
                profiler.Add(SplitRecords.ReadBlocks(SpecDataLoader.Load(MlContexts.Create(), spec, local.LocalPath), spec));
            }
            else
            {
                profiler.Add(await store.OpenReadAsync(path, cancellationToken));
            }
        }

        var profile = profiler.Build();
        await store.WriteJsonAsync(profilePath, profile, ArtifactWriteCondition.None, cancellationToken);
        DriftLog.Profiled(logger, model, runId, profilePath, profile.Rows);
        return profile;
    }

    private DriftSummary NotMeasured(string model, string runId, DriftReferenceKind kind, string reason)
    {
        DriftLog.DriftNotMeasured(logger, model, runId, reason);
        return new DriftSummary(kind, reason, false, false, 0, [], false, null, null);
    }

    private static string Short(string id) => id.Length <= 12 ? id : id[..12];

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
