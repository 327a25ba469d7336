using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Validation;

/// <summary>
/// Checks a new batch's labels against the production model (classification; <see cref="ValidationSpec.LabelAgreement"/>).
/// Production scores the batch; when its error rate is not significantly above what is expected of it the labels agree
/// (the cheap path: no training). Otherwise models are cross-fitted within the batch — production's trainer and featurizer,
/// fitted on production's newest training rows plus one random half of the batch (each of its rows weighing
/// <see cref="BatchRowWeight"/> so the new rows outweigh the old where they disagree), score the other half, and vice versa. Labels that follow
/// a new concept are learnable, so the cross-fitted models beat production on the held-out halves; randomly corrupted
/// labels are not, so they do not. The decision rule is <see cref="LabelAgreementRule"/>; docs/drift.md has the measured
/// block rates.
/// </summary>
public sealed class LabelAgreementCheck(IArtifactStore store, TrainerRegistry trainers, ILogger logger)
{
    /// <summary>
    /// The example weight of each row of the training half in the cross-fit (production's rows weigh 1): 8. It was entered
    /// as 8 copies of the half; as a weight the fit reads 3 rows per batch row instead of 10 (the cross-fit took 5.7 s of the
    /// 1,000,000-row bench's validation as copies).
    /// </summary>
    public const float BatchRowWeight = 8;

    /// <summary>Production's newest training rows in the cross-fit, per row of the training half: 2.</summary>
    public const int RecentRowsPerBatchRow = 2;

    /// <summary>
    /// The most batch rows the cross-fit uses (an evenly spread sample of larger batches): 20,000. A new concept is the
    /// more learnable the more rows the cross-fit sees, flipped labels are not at any size: with 4,000 rows the cross-fit
    /// won back 21 % of production's excess error on the bench's 1,000,000-row batch of a genuinely new concept (one
    /// coefficient's sign flipped), and the batch was quarantined as corrupted; with 20,000, 29.5 %.
    /// </summary>
    public const int MaxCrossFitRows = 20_000;

    /// <summary>
    /// The most batch rows production scores for the drop test (an evenly spread sample of larger batches, as prediction
    /// drift samples, so that prediction drift reuses these scores): 100,000. At that size the binomial test already resolves a tenth of a point of error rate; scoring
    /// a million rows instead cost 8–40 s (parse and score) for no change of verdict.
    /// </summary>
    public const int MaxScoredRows = DriftMonitor.PredictionDriftMaxRows;

    /// <summary>
    /// Judges the labels of the batch at <paramref name="batchPath"/> against <paramref name="production"/>; null when the
    /// check is off or does not apply (regression).
    /// </summary>
    public async Task<LabelAgreementResult?> CheckAsync(
        string model,
        string runId,
        ModelSpec spec,
        string batchPath,
        ProductionReference production,
        int? batchRows = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(batchPath);
        ArgumentNullException.ThrowIfNull(production);
        if (!Applies(spec))
        {
            return null;
        }

        var modelPath = ModelArtifacts.For(model).Versions.Version(production.Version).Model;
        if (!await store.ExistsAsync(modelPath, cancellationToken))
        {
            return Skip($"production {production.Version} has no model at {modelPath}; labels not checked");
        }

        var version = await store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(production.Version).Manifest, cancellationToken);
        var ml = MlContexts.Create();
        var productionModel = await ModelZip.LoadAsync(store, modelPath, cancellationToken);
        // A large batch is sampled while it downloads (the same rows Measure would take); a file that cannot be split on line feeds is read whole.
        var stride = SampleStride(batchRows);
        var sample = stride > 1 ? await SampledCsvCopy.TryDownloadAsync(store, batchPath, stride, batchRows!.Value, cancellationToken) : null;
        using var batch = sample ?? await LocalArtifactCopy.DownloadAsync(store, batchPath, cancellationToken);
        using var training = await LocalArtifactCopy.DownloadAsync(store, production.TrainSplitPath, cancellationToken);
        var result = Measure(ml, spec, trainers, version.Trainer, productionModel, SpecDataLoader.Load(ml, spec, training.LocalPath), SpecDataLoader.Load(ml, spec, batch.LocalPath), HoldoutError(version), production.Version, batchRows, sampled: sample is not null, cancellationToken);
        ValidationLog.LabelAgreementJudged(logger, model, runId, batchPath, result.Verdict, result.Reason);
        return result;
    }

    /// <summary>Every how many rows of a batch of <paramref name="batchRows"/> production scores one: 1 up to <see cref="MaxScoredRows"/>.</summary>
    internal static int SampleStride(int? batchRows) => batchRows is { } rows ? EveryNthRowDataView.Stride(rows, MaxScoredRows) : 1;

    /// <summary>Whether the check runs for <paramref name="spec"/>: switched on, and a classification task.</summary>
    public static bool Applies(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Validation.LabelAgreement && spec.Task != ModelTask.Regression;
    }

    /// <summary>
    /// The check on loaded data: <paramref name="production"/> (a chain of featurizer and head, as the trainer saves it),
    /// <paramref name="training"/> its train split (oldest row first), <paramref name="batch"/> the new rows (already the evenly spread sample of a batch of <paramref name="batchRows"/> when <paramref name="sampled"/>).
    /// </summary>
    internal static LabelAgreementResult Measure(
        MLContext ml,
        ModelSpec spec,
        TrainerRegistry trainers,
        TrainerKind trainer,
        ITransformer production,
        IDataView training,
        IDataView batch,
        double? holdoutError,
        string version,
        int? batchRows = null,
        bool sampled = false,
        CancellationToken cancellationToken = default)
    {
        var (task, limits) = (spec.Task, spec.Validation);

        // Everything below reads the batch (or its sample) held in memory: scoring twice and the cross-fit's training
        // passes would otherwise parse the whole file each time (196 s on a 1,000,000-row CSV before).
        var stride = sampled ? 1 : SampleStride(batchRows);
        batch = ml.Data.Cache(stride > 1 ? new EveryNthRowDataView(batch, stride) : batch);

        if (MetricCalculator.ExplainUnscorable(production, batch.Schema, task, out _) is { } problem)
        {
            return Skip($"production {version} cannot score the batch ({problem}); labels not checked");
        }

        // One scoring pass, cached: the per-row predictions and prediction drift's scores both read it.
        var productionScored = ModelEvaluator.ScoreOnce(ml, production.Transform(batch));
        var scored = PredictionReader.Read(productionScored, task);
        var distribution = new List<double>(scored.Count);
        ModelScorer.ReadScores(productionScored, task, distribution, cancellationToken);
        var rows = scored.Count;
        if (rows < limits.LabelAgreementMinRows)
        {
            return Skip($"{rows} rows are fewer than validation.labelAgreementMinRows {limits.LabelAgreementMinRows}; labels not checked") with { ProductionScores = distribution };
        }

        var errors = scored.Correct.Count(c => !c);
        var calibrated = CalibratedError(scored);
        var drop = LabelAgreementRule.Drop(rows, errors, holdoutError, calibrated, limits);
        LabelAgreementRule.CrossFitCounts? crossFit = null;
        if (drop.Significant && production is TransformerChain<ITransformer> chain && chain.Count() >= 2)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sample = ml.Data.Cache(rows > MaxCrossFitRows ? new EveryNthRowDataView(batch, (rows + MaxCrossFitRows - 1) / MaxCrossFitRows) : batch);
            crossFit = CrossFit(ml, spec, trainers, trainer, chain.First(), production, training, sample, cancellationToken);
        }

        return LabelAgreementRule.Conclude(version, rows, errors, holdoutError, calibrated, drop, crossFit, limits, batchRows) with { ProductionScores = distribution };
    }

    private static LabelAgreementRule.CrossFitCounts CrossFit(
        MLContext ml,
        ModelSpec spec,
        TrainerRegistry trainers,
        TrainerKind trainer,
        ITransformer featurizer,
        ITransformer production,
        IDataView training,
        IDataView batch,
        CancellationToken cancellationToken)
    {
        string[] columns = [.. spec.Features.Select(f => MlColumns.ForFeature(f.Name)), MlColumns.Label];
        var select = ml.Transforms.SelectColumns(columns);
        var split = ml.Data.TrainTestSplit(batch, testFraction: 0.5, seed: MlContexts.Seed);
        var halves = new[] { select.Fit(split.TrainSet).Transform(split.TrainSet), select.Fit(split.TestSet).Transform(split.TestSet) };
        var trainingRows = SpecDataLoader.CountRows(training);

        // Each fold takes production's newest RecentRowsPerBatchRow rows per row it fits on; the newest rows the larger
        // fold needs are read from the train split once, into memory, and each fold skips what it does not need there.
        var recentRows = halves.Select(half => Math.Min(trainingRows, RecentRowsPerBatchRow * SpecDataLoader.CountRows(half))).ToArray();
        var newest = ml.Data.Cache(select.Fit(training).Transform(recentRows.Max() < trainingRows ? ml.Data.SkipRows(training, trainingRows - recentRows.Max()) : training));

        // The two folds fit on their own threads (each fit is single-threaded), each with its own ML.NET context, so a
        // fold's result does not depend on the other's or on the order they run in.
        var folds = new (IReadOnlyList<bool> Mine, IReadOnlyList<bool> Theirs)[2];
        Parallel.For(0, 2, new ParallelOptions { CancellationToken = cancellationToken }, fold =>
        {
            var context = MlContexts.Create();
            var (fit, heldOut) = (halves[fold], halves[1 - fold]);
            var recent = recentRows[fold] < recentRows.Max() ? context.Data.SkipRows(newest, recentRows.Max() - recentRows[fold]) : newest;
            var data = new ConcatenatedDataView([
                new RowWeightView(recent, rows: null, _ => 1f, TrainingWindow.WeightColumn),
                new RowWeightView(fit, rows: null, _ => BatchRowWeight, TrainingWindow.WeightColumn)]);
            var head = ModelTrainer.FitHead(context, spec.Task, trainers.CreateRecipe(context, spec.Task, trainer, threads: 1, TrainingWindow.WeightColumn, spec.EffectiveTrainers), featurizer, data);
            folds[fold] = (
                PredictionReader.Read(new TransformerChain<ITransformer>(featurizer, head).Transform(heldOut), spec.Task).Correct,
                PredictionReader.Read(production.Transform(heldOut), spec.Task).Correct);
        });

        int rows = 0, crossFitCorrect = 0, productionCorrect = 0, crossFitOnly = 0, productionOnly = 0;
        foreach (var (mine, theirs) in folds)
        {
            for (var i = 0; i < mine.Count; i++)
            {
                rows++;
                crossFitCorrect += mine[i] ? 1 : 0;
                productionCorrect += theirs[i] ? 1 : 0;
                crossFitOnly += mine[i] && !theirs[i] ? 1 : 0;
                productionOnly += theirs[i] && !mine[i] ? 1 : 0;
            }
        }

        return new(rows, crossFitCorrect, productionCorrect, crossFitOnly, productionOnly);
    }

    /// <summary>The error rate production's probabilities predict: the mean of min(p, 1 − p) (binary, calibrated; otherwise null).</summary>
    private static double? CalibratedError(HoldoutPredictions scored)
    {
        if (scored.Task != ModelTask.BinaryClassification || scored.RowLogLoss is not { } loss)
        {
            return null;
        }

        var truth = loss.Select(bits => Math.Pow(2, -bits));
        return truth.Average(p => Math.Min(p, 1 - p));
    }

    private static double? HoldoutError(ModelVersion version) =>
        version.Metrics.TryGetValue(version.Task == ModelTask.MulticlassClassification ? EvaluationMetric.MicroAccuracy : EvaluationMetric.Accuracy, out var accuracy)
            ? 1 - accuracy
            : null;

    private static LabelAgreementResult Skip(string reason) =>
        new(LabelAgreementVerdict.Skipped, 0, 0, 0, null, null, 1, null, null, 0, 0, reason);
}
