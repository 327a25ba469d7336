using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Validation;

/// <summary>
/// Validates pending batches against the spec (<see cref="BatchInspection"/>). A batch that passes moves to
/// <c>batches/{model}/accepted/</c> with a manifest; one that fails moves, byte for byte, to
/// <c>quarantine/{model}/</c> with its report. Nothing is deleted until its copy exists, so a retry after a
/// crash converges; the run's report lists every finding. A batch that passes the spec checks is profiled
/// (<see cref="Profiling.DatasetProfiler"/>) and checked against the production model's training profile
/// (<see cref="ProfileChecks"/>); its profile is stored beside it. Finally the drift of the run's accepted data
/// against the spec's reference is measured and written as <c>drift.json</c> and <c>drift.html</c> (<see cref="DriftMonitor"/>).
/// </summary>
/// <remarks>
/// When a production model exists, a batch that passed every other check has its labels checked against it
/// (<see cref="LabelAgreementCheck"/>): labels that look corrupted rather than a new concept quarantine the batch.
/// With a <see cref="ModelScorer"/> (registered by <c>AddRetrainCore</c>) prediction drift is measured too.</remarks>
public sealed class DatasetValidator(IArtifactStore store, TimeProvider timeProvider, ILogger<DatasetValidator> logger, ModelScorer? scorer = null, TrainerRegistry? trainers = null, DriftMeasureRegistry? driftMeasures = null)
{
    private readonly DriftMonitor _drift = new(store, logger, scorer, driftMeasures);
    private readonly LabelAgreementCheck _labels = new(store, trainers ?? TrainerRegistry.BuiltIn, logger);

    /// <summary>Validates <paramref name="request"/>'s batches; bad data is an outcome, not an exception.</summary>
    public async Task<ValidationResult> ValidateAsync(ValidateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (model, runId, spec) = (request.Model, request.RunId, request.Spec);
        var accepted = new List<AcceptedBatch>();
        var quarantined = new List<QuarantinedBatch>();
        var reports = new List<BatchReport>();
        // Production's references — its training profile, then its feature importance and its scores on its own training
        // rows, each computed once per version — are prepared on other threads while the first batch is read on this one.
        var preparing = Task.Run(() => PrepareProductionAsync(model, runId, spec, cancellationToken), cancellationToken);
        var productionScores = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);

        foreach (var batch in request.Batches)
        {
            var pendingPath = ModelArtifacts.For(model).Batches.Pending(batch.BatchId);
            if (!await store.ExistsAsync(pendingPath, cancellationToken))
            {
                // An earlier attempt of this activity already moved it; report what it decided.
                var settled = await SettledAsync(model, batch, cancellationToken);
                if (settled is AcceptedBatch a)
                {
                    accepted.Add(a);
                }
                else if (settled is QuarantinedBatch q)
                {
                    quarantined.Add(q);
                }

                continue;
            }

            BatchInspection.Result inspection;
            await using (var content = await store.OpenReadAsync(pendingPath, cancellationToken))
            {
                inspection = BatchInspection.Inspect(content, spec);
            }

            var (findings, profile, scores) = await ProfileAndCheckAsync(model, runId, spec, pendingPath, inspection, (await preparing).Production, cancellationToken);
            if (scores is not null)
            {
                productionScores[batch.BatchId] = scores;
            }

            var passed = findings.All(f => f.Severity != FindingSeverity.Error);
            var now = timeProvider.GetUtcNow();
            var report = new BatchReport(batch.BatchId, batch.SourceName, passed, inspection.Rows, findings, runId, now);
            reports.Add(report);
            var warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);

            if (passed)
            {
                await store.CopyOnceAsync(pendingPath, ModelArtifacts.For(model).Batches.Accepted(batch.BatchId), cancellationToken: cancellationToken);
                var manifest = new BatchManifest(batch.BatchId, batch.SourceName, inspection.Rows, now, runId, inspection.FirstTimestamp, inspection.LastTimestamp);
                await store.WriteJsonAsync(ModelArtifacts.For(model).Batches.AcceptedProfile(batch.BatchId), profile, ArtifactWriteCondition.None, cancellationToken);
                await store.WriteJsonAsync(ModelArtifacts.For(model).Batches.AcceptedManifest(batch.BatchId), manifest, ArtifactWriteCondition.None, cancellationToken);
                accepted.Add(new AcceptedBatch(batch.BatchId, batch.SourceName, inspection.Rows, warnings));
                ValidationLog.BatchAccepted(logger, model, runId, batch.BatchId, batch.SourceName, inspection.Rows, warnings);
            }
            else
            {
                var reportPath = ModelArtifacts.For(model).Quarantine.Report(batch.BatchId);
                await store.CopyOnceAsync(pendingPath, ModelArtifacts.For(model).Quarantine.Batch(batch.BatchId), cancellationToken: cancellationToken);
                await store.WriteJsonAsync(reportPath, report, ArtifactWriteCondition.None, cancellationToken);
                var reason = findings.First(f => f.Severity == FindingSeverity.Error).Message;
                quarantined.Add(new QuarantinedBatch(batch.BatchId, batch.SourceName, reportPath, reason));
                ValidationLog.BatchQuarantined(logger, model, runId, batch.BatchId, batch.SourceName, reason);
            }

            await store.DeleteAsync(pendingPath, cancellationToken);
        }

        var runReportPath = ModelArtifacts.For(model).Runs.Run(runId).ValidationReport;
        await store.WriteJsonAsync(runReportPath, new ValidationRunReport(model, runId, reports), ArtifactWriteCondition.None, cancellationToken);
        var (production, references) = await preparing;
        await references;
        var drift = await _drift.MeasureAsync(model, runId, spec, [.. accepted.Select(a => a.BatchId)], production, productionScores, cancellationToken);
        return new ValidationResult(accepted, quarantined, runReportPath, drift);
    }

    /// <summary>Production's training profile, and the task preparing its other per-version references on the thread pool.</summary>
    private async Task<(ProductionReference? Production, Task References)> PrepareProductionAsync(string model, string runId, ModelSpec spec, CancellationToken cancellationToken)
    {
        var production = await _drift.ProductionProfileAsync(model, runId, spec, cancellationToken);
        return (production, Task.Run(() => _drift.PrepareProductionAsync(model, spec, production, cancellationToken), cancellationToken));
    }

    /// <summary>
    /// For a batch whose rows passed inspection: profiles it, checks the profile (against production's when there is one)
    /// and, when nothing failed yet, checks its labels against production; findings come errors first, with production's
    /// scores on the batch when the label check computed them.
    /// </summary>
    private async Task<(IReadOnlyList<ValidationFinding> Findings, Profiling.DatasetProfile? Profile, IReadOnlyList<double>? ProductionScores)> ProfileAndCheckAsync(
        string model,
        string runId,
        ModelSpec spec,
        string pendingPath,
        BatchInspection.Result inspection,
        ProductionReference? production,
        CancellationToken cancellationToken)
    {
        var findings = inspection.Findings;
        Profiling.DatasetProfile? profile = null;
        IReadOnlyList<double>? scores = null;
        if (inspection.Accepted)
        {
            profile = await _drift.ProfileAsync(pendingPath, spec, cancellationToken);
            findings = [.. findings.Concat(ProfileChecks.Check(profile, production?.Profile, spec))];
            if (production is not null && LabelAgreementCheck.Applies(spec) && !findings.Any(f => f.Severity == FindingSeverity.Error)
                && await _labels.CheckAsync(model, runId, spec, pendingPath, production, inspection.Rows, cancellationToken) is { } labels)
            {
                // Production's scores on the batch (or its sample) serve prediction drift too: it scores each row once.
                scores = labels.ProductionScores;
                if (LabelAgreementRule.Finding(labels, spec) is { } finding)
                {
                    findings = [.. findings, finding];
                }
            }

            findings = [.. findings.OrderBy(f => f.Severity == FindingSeverity.Error ? 0 : 1)];
        }

        return (findings, profile, scores);
    }

    private async Task<object?> SettledAsync(string model, BatchRef batch, CancellationToken cancellationToken)
    {
        var manifest = await store.TryReadJsonWithETagAsync<BatchManifest>(ModelArtifacts.For(model).Batches.AcceptedManifest(batch.BatchId), cancellationToken);
        if (manifest is { } m)
        {
            return new AcceptedBatch(batch.BatchId, batch.SourceName, m.Value.Rows, 0);
        }

        var report = await store.TryReadJsonWithETagAsync<BatchReport>(ModelArtifacts.For(model).Quarantine.Report(batch.BatchId), cancellationToken);
        if (report is { } r)
        {
            var reason = r.Value.Findings.FirstOrDefault(f => f.Severity == FindingSeverity.Error)?.Message ?? "rejected";
            return new QuarantinedBatch(batch.BatchId, batch.SourceName, ModelArtifacts.For(model).Quarantine.Report(batch.BatchId), reason);
        }

        return null;
    }
}
