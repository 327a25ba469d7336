using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Deployment;

/// <summary>
/// Probation after a deployment: the first run after a deployment that brings at least <see cref="GateSpec.MinHoldoutRows"/>
/// new labeled rows scores them with the production version and the version it replaced. If production is significantly
/// worse — the upper bound of the paired block bootstrap interval (<see cref="GateSpec.Confidence"/>, the gate's time
/// blocks; see <see cref="Compare"/>) of its improvement on the gate metric is below 0 — the pointer rolls back to the
/// previous version (ETag-conditioned, like any rollback). The verdict is written once per version to
/// <see cref="DeploymentArtifacts.ProbationVerdict"/>, which ends the probation.
/// </summary>
public sealed class ProbationMonitor(IArtifactStore store, ModelScorer scorer, ModelDeployer deployer, ModelSpecStore specs, ILogger<ProbationMonitor> logger)
{
    /// <summary>Judges the deployment on probation, if any.</summary>
    public async Task<ProbationResult> CheckAsync(ProbationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Spec);
        var (model, spec) = (request.Model, request.Spec);
        var pointer = await deployer.GetProductionAsync(model, cancellationToken);
        if (pointer is not { Action: PointerAction.Deploy, PreviousVersion: { } previous })
        {
            return new ProbationResult(false, pointer?.Version, pointer?.PreviousVersion, 0, null, false, "no deployment on probation (none, a first version, or a rollback)");
        }

        var verdictPath = ModelArtifacts.For(model).Deployment.ProbationVerdict(pointer.Version);
        if (await store.ExistsAsync(verdictPath, cancellationToken))
        {
            return new ProbationResult(false, pointer.Version, previous, 0, null, false, $"version {pointer.Version} already finished its probation");
        }

        // Each version reads the rows through the spec it was trained under (its columns), not the current spec.
        var currentSpec = await SpecOfAsync(model, pointer.Version, spec, cancellationToken);
        var previousSpec = await SpecOfAsync(model, previous, spec, cancellationToken);
        var current = new List<HoldoutPredictions>();
        var before = new List<HoldoutPredictions>();
        foreach (var batch in request.BatchIds)
        {
            var path = ModelArtifacts.For(model).Batches.Accepted(batch);
            current.Add(await scorer.PredictAsync(currentSpec, ModelArtifacts.For(model).Versions.Version(pointer.Version).Model, path, cancellationToken));
            before.Add(await scorer.PredictAsync(previousSpec, ModelArtifacts.For(model).Versions.Version(previous).Model, path, cancellationToken));
        }

        var rows = current.Sum(p => p.Count);
        if (rows < spec.Gate.MinHoldoutRows)
        {
            return new ProbationResult(false, pointer.Version, previous, rows, null, false, $"{rows} new rows are fewer than gate.minHoldoutRows {spec.Gate.MinHoldoutRows}; probation of {pointer.Version} continues");
        }

        var metric = spec.Gate.EffectiveMetric(spec.Task);
        var interval = Compare(spec, Concat(current), Concat(before));
        var name = MetricText.Name(metric);
        var figures = interval is null
            ? $"{name} undefined on the {MetricText.Rows(rows)} new rows"
            : $"{name} change {MetricText.Signed(interval.Improvement)}, {MetricText.Percent(interval.Confidence)} CI [{MetricText.Signed(interval.Lower)}, {MetricText.Signed(interval.Upper)}] on {MetricText.Rows(rows)} new rows in blocks of {MetricText.Rows(spec.Gate.EffectiveBlockRows(rows))}";
        var worse = interval is { Upper: < 0 };
        var rolledBack = false;
        string reason;
        if (worse)
        {
            try
            {
                await deployer.RollBackAsync(model, previous, $"probation:{request.RunId}", cancellationToken);
                rolledBack = true;
                reason = $"version {pointer.Version} is significantly worse than {previous} ({figures}); production rolled back to {previous}";
            }
            catch (InvalidOperationException ex)
            {
                reason = $"version {pointer.Version} is significantly worse than {previous} ({figures}) but the rollback was refused: {ex.Message}";
            }
        }
        else
        {
            reason = $"version {pointer.Version} passed probation against {previous} ({figures})";
        }

        var result = new ProbationResult(true, pointer.Version, previous, rows, interval, rolledBack, reason);
        await store.WriteJsonAsync(verdictPath, result, ArtifactWriteCondition.None, cancellationToken);
        DeploymentLog.ProbationJudged(logger, model, request.RunId, pointer.Version, rolledBack, reason);
        return result;
    }

    /// <summary>
    /// The paired interval of production's improvement over the version it replaced on the new rows (in time order), on
    /// the gate metric, resampled in the gate's time blocks (<see cref="GateSpec.EffectiveBlockRows"/>) as the gate's own
    /// evidence is: the week after a deployment is as autocorrelated as the rows it was judged on, and single-row
    /// resampling rolled back deployments on intervals far narrower than the evidence (Elec2: 22 rollbacks in 108
    /// deployments before; docs/backtest.md, "Eighth session").
    /// </summary>
    internal static MetricInterval? Compare(ModelSpec spec, HoldoutPredictions current, HoldoutPredictions before)
    {
        var gate = spec.Gate;
        return PairedStatistics.Bootstrap(current, before, gate.EffectiveMetric(spec.Task), gate.Confidence, gate.BootstrapIterations, gate.BootstrapSeed,
            blockRows: gate.EffectiveBlockRows(current.Count));
    }

    private static HoldoutPredictions Concat(List<HoldoutPredictions> parts) => new()
    {
        Task = parts[0].Task,
        Labels = [.. parts.SelectMany(p => p.Labels)],
        Scores = [.. parts.SelectMany(p => p.Scores)],
        Correct = [.. parts.SelectMany(p => p.Correct)],
        PredictedPositive = parts.All(p => p.PredictedPositive is not null) ? [.. parts.SelectMany(p => p.PredictedPositive!)] : null,
        RowLogLoss = parts.All(p => p.RowLogLoss is not null) ? [.. parts.SelectMany(p => p.RowLogLoss!)] : null,
        Classes = parts.All(p => p.Classes is not null) ? [.. parts.SelectMany(p => p.Classes!)] : null,
    };

    private async Task<ModelSpec> SpecOfAsync(string model, string version, ModelSpec fallback, CancellationToken cancellationToken) =>
        await store.TryReadJsonWithETagAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(version).Manifest, cancellationToken) is { } manifest
            ? await specs.LoadForVersionAsync(manifest.Value, cancellationToken)
            : fallback;
}
