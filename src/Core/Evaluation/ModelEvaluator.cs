using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Scores the best candidate (the challenger) and the production model (the champion) on the same comparison rows (the
/// snapshot's holdout split: rows newer than production's training data, in time order) and applies the promotion
/// gate; writes the evaluation report (<see cref="RunFolder.EvaluationReport"/>).
/// </summary>
/// <remarks>
/// The challenger is the candidate with the best validation (selection rows) value of <c>spec.Gate.EffectiveMetric(task)</c>,
/// ties to the trainer listed first in the spec. The gate's rule (<see cref="PromotionGate"/>): by default the metric is a
/// proper scoring rule (log-loss, MAE for regression) tested for non-inferiority, the guardrails
/// (<see cref="GateSpec.EffectiveGuardrails"/>) block a clearly worse challenger, and the intervals come from a paired
/// block bootstrap of the comparison rows. Production is also compared with a trivial baseline
/// (<see cref="TrivialBaseline"/>); when it is shown worse, the result, the report, the log and the reason say so.
/// </remarks>
public sealed class ModelEvaluator(IArtifactStore store, TimeProvider timeProvider, ILogger<ModelEvaluator> logger)
{
    /// <summary>Scores the best candidate and the production model on the same holdout; the gate decides.</summary>
    public async Task<EvaluationResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Spec);
        ArgumentNullException.ThrowIfNull(request.Snapshot);
        ArgumentNullException.ThrowIfNull(request.Candidates);

        var (model, runId, spec) = (request.Model, request.RunId, request.Spec);
        var task = spec.Task;
        var metric = spec.Gate.EffectiveMetric(task);
        var challenger = request.Challenger ?? PromotionGate.ChooseChallenger(request.Candidates, spec.EffectiveTrainers, metric, spec.Gate.SelectAmong);
        EvaluationLog.ChallengerChosen(logger, model, runId, challenger.Trainer, metric, request.Candidates.Count);

        var ml = MlContexts.Create();
        var holdoutPath = ModelArtifacts.For(model).Snapshots.Split(request.Snapshot.Digest, DataSplit.Holdout);
        using var holdout = await LocalArtifactCopy.DownloadAsync(store, holdoutPath, cancellationToken);
        var view = SpecDataLoader.Load(ml, spec, holdout.LocalPath);
        var holdoutRows = SpecDataLoader.CountRows(view);

        // Production scores the same rows on another thread while the challenger scores here: each pass is one thread.
        var productionScoring = Task.Run(() => ScoreProductionAsync(view, spec, model, cancellationToken), cancellationToken);
        var challengerModel = await ModelZip.LoadAsync(store, challenger.ModelPath, cancellationToken);
        var challengerScored = ScoreOnce(ml, challengerModel.Transform(view));
        var challengerMetrics = MetricCalculator.Compute(ml, task, challengerScored);
        EvaluationLog.Scored(logger, model, runId, $"challenger {challenger.Trainer}", holdoutRows, MetricText.Format(challengerMetrics));
        await WriteScoresProfileAsync(challengerScored, task, holdoutRows, ModelArtifacts.For(model).Runs.Run(runId).ChallengerScoresProfile, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var champion = CompareWithProduction(await productionScoring, view, holdoutPath, holdout.LocalPath, challengerScored, spec, metric, model, runId, holdoutRows);
        var (championVersion, championPath, championProblem, championMetrics, evidence, baseline) = champion;

        var verdict = PromotionGate.Decide(metric, spec.Gate, challenger.Trainer, challengerMetrics, championVersion, championMetrics, championProblem, holdoutRows, evidence, baseline);
        var (reportPath, digest) = await WriteReportAsync(request, challenger, challengerMetrics, holdoutPath, holdoutRows, champion, verdict, cancellationToken);

        return new EvaluationResult(
            verdict.Decision,
            verdict.Reason,
            metric,
            challenger.Trainer,
            challenger.ModelPath,
            challengerMetrics,
            championVersion,
            championMetrics,
            holdoutRows,
            reportPath,
            digest,
            evidence,
            spec.Gate.Mode,
            baseline);
    }

    /// <summary>
    /// Profiles the challenger's scores on the comparison rows, read from the pass the gate scored (every n-th row, at most
    /// <see cref="Drift.DriftMonitor.PredictionDriftMaxRows"/>, as prediction drift samples a batch): once deployed, the
    /// version's prediction-drift reference. Scoring 100,000 of its training rows for it instead cost the first run
    /// after each deployment a pass over its train split.
    /// </summary>
    private async Task WriteScoresProfileAsync(IDataView scored, ModelTask task, int rows, string path, CancellationToken cancellationToken)
    {
        var stride = EveryNthRowDataView.Stride(rows, Drift.DriftMonitor.PredictionDriftMaxRows);
        var scores = new List<double>();
        ModelScorer.ReadScores(stride > 1 ? new EveryNthRowDataView(scored, stride) : scored, task, scores, cancellationToken);
        await store.WriteJsonAsync(path, Profiling.DatasetProfiler.ProfileValues("prediction", scores), ArtifactWriteCondition.None, cancellationToken);
    }

    /// <summary>What scoring production (the champion) on the comparison rows found; all null when there is none.</summary>
    private sealed record ChampionScoring(
        string? Version,
        string? Path,
        string? Problem,
        IReadOnlyDictionary<EvaluationMetric, double>? Metrics,
        GateEvidence? Evidence,
        BaselineCheck? Baseline);

    /// <summary>Production scored on the comparison rows: all null when there is none; <see cref="Problem"/> when it cannot score them.</summary>
    private sealed record ProductionScored(string? Version, string? Path, string? Problem, Exception? Error, IDataView? Scored, IReadOnlyDictionary<EvaluationMetric, double>? Metrics);

    /// <summary>Loads the production model, if any, and scores it on the comparison rows with its own ML.NET context.</summary>
    private async Task<ProductionScored> ScoreProductionAsync(IDataView view, ModelSpec spec, string model, CancellationToken cancellationToken)
    {
        var pointer = await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken);
        if (pointer is not { Value: var production })
        {
            return new ProductionScored(null, null, null, null, null, null);
        }

        var ml = MlContexts.Create();
        var path = ModelArtifacts.For(model).Versions.Version(production.Version).Model;
        var championModel = await ModelZip.LoadAsync(store, path, cancellationToken);
        var problem = MetricCalculator.ExplainUnscorable(championModel, view.Schema, spec.Task, out var error);
        if (problem is not null)
        {
            return new ProductionScored(production.Version, path, problem, error, null, null);
        }

        var scored = ScoreOnce(ml, championModel.Transform(view));
        return new ProductionScored(production.Version, path, null, null, scored, MetricCalculator.Compute(ml, spec.Task, scored));
    }

    /// <summary>
    /// With production scored on the same comparison rows: gathers the gate's evidence against the challenger and checks
    /// production against the trivial baseline.
    /// </summary>
    private ChampionScoring CompareWithProduction(
        ProductionScored production,
        IDataView view,
        string holdoutPath,
        string holdoutLocalPath,
        IDataView challengerScored,
        ModelSpec spec,
        EvaluationMetric metric,
        string model,
        string runId,
        int holdoutRows)
    {
        var task = spec.Task;
        if (production.Version is null)
        {
            EvaluationLog.NoProduction(logger, model, runId);
            return new ChampionScoring(null, null, null, null, null, null);
        }

        if (production.Scored is not { } championScored)
        {
            EvaluationLog.ProductionUnscorable(logger, production.Error, model, runId, production.Version, production.Problem!);
            return new ChampionScoring(production.Version, production.Path, production.Problem, null, null, null);
        }

        EvaluationLog.Scored(logger, model, runId, $"production {production.Version}", holdoutRows, MetricText.Format(production.Metrics!));
        // The slice check reads the feature values of a binary holdout from the view already open, typed, and those of a
        // CSV holdout as downloaded.
        var championPredictions = PredictionReader.Read(championScored, task);
        var evidence = GatherEvidence(
            spec,
            metric,
            (challenger, champion, blockRows) => SpecDataLoader.IsBinary(holdoutPath)
                ? SliceChecker.Compare(spec, SplitRecords.ReadBlocks(view, spec), challenger, champion, blockRows)
                : SliceChecker.Compare(spec, holdoutLocalPath, challenger, champion, blockRows),
            PredictionReader.Read(challengerScored, task),
            championPredictions);
        EvaluationLog.Evidence(logger, model, runId, evidence.Method, evidence.Slices.Count, evidence.Slices.Count(s => s.Regressed));
        var baseline = TrivialBaseline.Check(spec, championPredictions);
        if (baseline is { Worse: true })
        {
            EvaluationLog.ProductionWorseThanBaseline(logger, model, runId, production.Version, PromotionGate.BaselineSentence(production.Version, baseline));
        }

        return new ChampionScoring(production.Version, production.Path, null, production.Metrics, evidence, baseline);
    }

    /// <summary>Writes the evaluation report; returns its path and the SHA-256 digest of its bytes.</summary>
    private async Task<(string ReportPath, string Digest)> WriteReportAsync(
        EvaluateRequest request,
        CandidateResult challenger,
        IReadOnlyDictionary<EvaluationMetric, double> challengerMetrics,
        string holdoutPath,
        int holdoutRows,
        ChampionScoring champion,
        GateVerdict verdict,
        CancellationToken cancellationToken)
    {
        var (model, runId, spec) = (request.Model, request.RunId, request.Spec);
        var task = spec.Task;
        var metric = spec.Gate.EffectiveMetric(task);
        var (championVersion, championPath, championProblem, championMetrics, evidence, baseline) = champion;
        var reportPath = ModelArtifacts.For(model).Runs.Run(runId).EvaluationReport;
        var report = new EvaluationReport(
            model,
            runId,
            timeProvider.GetUtcNow(),
            task,
            metric,
            metric.HigherIsBetter(),
            spec.Gate.MinDelta,
            spec.Gate.Threshold,
            PromotionGate.RuleFor(spec.Gate.Mode, evidence is not null),
            verdict.Decision,
            verdict.Reason,
            holdoutPath,
            holdoutRows,
            challenger.Trainer,
            challenger.ModelPath,
            challengerMetrics,
            championVersion,
            championPath,
            championMetrics,
            championProblem,
            request.Candidates,
            evidence,
            spec.Gate.Mode,
            baseline);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(report, RetrainJson.Options);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await store.WriteBytesAsync(reportPath, bytes, ArtifactWriteCondition.None, cancellationToken);
        EvaluationLog.Decided(logger, model, runId, verdict.Decision, verdict.Reason, reportPath);

        return (reportPath, digest);
    }

    /// <summary>
    /// The columns the metrics and the gate's evidence read (label, score, predicted label, probability), all cached by the
    /// first pass: the metrics and the per-row predictions then run the model over the holdout once, not once each. The
    /// columns are named for prefetching because ML.NET otherwise caches only those a cursor asks for, and its binary
    /// evaluator does not ask for the predicted label: reading the predictions ran the model again (1.4 s per model on
    /// 200,000 rows, docs/performance.md).
    /// </summary>
    internal static IDataView ScoreOnce(MLContext ml, IDataView scored)
    {
        string[] wanted = [MlColumns.Label, MlColumns.Score, MlColumns.PredictedLabel, MlColumns.Probability];
        var present = Array.FindAll(wanted, c => scored.Schema.GetColumnOrNull(c) is not null);
        return ml.Data.Cache(ml.Transforms.SelectColumns(present).Fit(scored).Transform(scored), present);
    }


    /// <summary>
    /// McNemar (classification), paired block bootstrap intervals of every metric both models define, the guardrails
    /// (<see cref="GateSpec.EffectiveGuardrails"/>) and the slices.
    /// </summary>
    public static GateEvidence GatherEvidence(ModelSpec spec, EvaluationMetric metric, string holdoutCsvPath, HoldoutPredictions challenger, HoldoutPredictions champion) =>
        GatherEvidence(spec, metric, (mine, theirs, blockRows) => SliceChecker.Compare(spec, holdoutCsvPath, mine, theirs, blockRows), challenger, champion);

    /// <summary>As above, with the slices compared by <paramref name="compareSlices"/> (challenger, production, block rows).</summary>
    private static GateEvidence GatherEvidence(
        ModelSpec spec,
        EvaluationMetric metric,
        Func<HoldoutPredictions, HoldoutPredictions, int, IReadOnlyList<SliceComparison>> compareSlices,
        HoldoutPredictions challenger,
        HoldoutPredictions champion)
    {
        var gate = spec.Gate;
        var blockRows = gate.EffectiveBlockRows(challenger.Count);
        // The slices read the holdout's features and sort them while the bootstrap resamples: they share nothing.
        var slicing = gate.SliceRegression == SliceRegressionAction.Off
            ? Task.FromResult<IReadOnlyList<SliceComparison>>([])
            : Task.Run(() => compareSlices(challenger, champion, blockRows));
        var mcnemar = spec.Task == ModelTask.Regression ? null : PairedStatistics.McNemar(challenger.Correct, champion.Correct);
        var intervals = PairedStatistics.Bootstrap(challenger, champion, EvaluationMetrics.ForTask(spec.Task), gate.Confidence, gate.BootstrapIterations, gate.BootstrapSeed, blockRows: blockRows)
            .OfType<MetricInterval>()
            .ToList();
        var gateInterval = intervals.FirstOrDefault(i => i.Metric == metric);
        var required = gateInterval is null
            ? null
            : PairedStatistics.RequiredRows(challenger.Count, gateInterval.StandardError, gateInterval.Improvement, gate.MinDelta, gate.Confidence);
        var guardrails = gate.EffectiveGuardrails(spec.Task)
            .Select(g => intervals.FirstOrDefault(i => i.Metric == g.Metric) is { } interval
                ? new GuardrailCheck(g.Metric, g.Margin, interval, interval.Upper < -g.Margin)
                : new GuardrailCheck(g.Metric, g.Margin, null, false))
            .ToList();
        var slices = slicing.GetAwaiter().GetResult();
        var resampling = blockRows == 1 ? "single rows" : $"contiguous blocks of {MetricText.Rows(blockRows)} rows";
        var method = $"paired on {MetricText.Rows(challenger.Count)} comparison rows (time ordered): block bootstrap of {resampling} ({gate.BootstrapIterations} resamples, seed {gate.BootstrapSeed}; {MetricText.Percent(gate.Confidence)} two-sided: the improvement ± t · standard error for {MetricText.Rows(BootstrapResampler.Blocks(challenger.Count, blockRows))} blocks)"
            + (mcnemar is null ? string.Empty : "; McNemar exact and mid-p on correctness");
        return new GateEvidence(method, mcnemar, intervals, gateInterval, required, slices, gate.SliceRegression == SliceRegressionAction.Off ? "slices off" : SliceChecker.Correction(gate, blockRows), guardrails, blockRows);
    }
}
