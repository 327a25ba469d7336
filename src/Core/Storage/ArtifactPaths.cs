using System.Globalization;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The blob layout of RetrainFunctions, in one place. Every artifact path the system reads or writes
/// comes from here. Paths are relative to the store root (a local folder or one blob container).
/// </summary>
/// <remarks>
/// <code>
/// specs/{model}.json                                   model spec (JSON)
/// spec-history/{model}/{sha256}.json                   every spec document a model had, named by its SHA-256 (immutable)
/// incoming/{model}/{file}                              drop zone for new labeled data (CSV); emptied by collection
/// batches/{model}/pending/{batchId}.csv                collected, not yet validated (batchId = SHA-256 of the content)
/// batches/{model}/accepted/{batchId}.csv               validated batch, immutable
/// batches/{model}/accepted/{batchId}.json              batch manifest: source file, rows, time range, ingestion time
/// batches/{model}/accepted/{batchId}.profile.json      batch profile: per-column statistics, label distribution
/// quarantine/{model}/{batchId}.csv                     rejected batch, kept byte for byte
/// quarantine/{model}/{batchId}.report.json             why it was rejected
/// snapshots/{model}/{digest}/manifest.json             training snapshot: accepted batches in the window, split sizes
/// snapshots/{model}/{digest}/{train|validation|holdout}.idv   time-ordered splits of the snapshot, typed (ML.NET binary data view)
/// snapshots/{model}/{digest}/{train|validation|holdout}.csv   the same as CSV, written by versions before the binary splits (read, never written)
/// snapshots/{model}/{digest}/profile.json              profile of the train split (the drift reference of models trained on it)
/// runs/{model}/{runId}/featurizer.zip                  fitted feature pipeline of the run
/// runs/{model}/{runId}/candidates/{trainer}.zip        one trained candidate per trainer
/// runs/{model}/{runId}/refit/{trainer}.zip             the promoted challenger refitted on train + validation + holdout
/// runs/{model}/{runId}/{validation|evaluation}.json    stage reports
/// runs/{model}/{runId}/drift.json|drift.html          drift of the run's accepted data vs the reference (JSON, HTML page)
/// runs/{model}/{runId}/record.json                     the run record: trigger, stages, outcome and why
/// models/{model}/versions/{version}/model.zip          a deployed model version (immutable)
/// models/{model}/versions/{version}/version.json       its metrics and lineage
/// models/{model}/versions/{version}/feature-importance.json   permutation importance of each feature (drift weights)
/// models/{model}/versions/{version}/training-scores.profile.json   profile of its scores on its train split (prediction drift reference)
/// models/{model}/versions/{version}/model-card.md      its model card (Markdown), written at deploy
/// models/{model}/versions/{version}/spec.json          the spec it was trained under (serving and probation read it)
/// models/{model}/probation/{version}.json            the probation verdict of a deployed version (once per version)
/// models/{model}/production.json                       the production pointer (flipped with an ETag condition)
/// models/{model}/run.lease.json                        who runs the model now (renewed while the run lives, expires after a crash)
/// models/{model}/approval/pending.json                 the approval a run waits for (renewed by its host while it waits)
/// models/{model}/approval/{version}.decision.json      the decision filed for a candidate (first one wins), delivered by the run's host
/// models/{model}/history/{sequence}.json               every pointer change, in order
/// models/{model}/policy-state.json                     the retraining policy's state between decisions (ETag-guarded)
/// models/{model}/decisions/{decisionId}.json           every policy decision (retrain or skip) with its reason and figures
/// scratch/{tool}/{file}                                working files of tools (demo, backtests); safe to delete
/// </code>
/// </remarks>
public static class ArtifactPaths
{
    /// <summary>The prefix of all model specs.</summary>
    public const string SpecsPrefix = "specs/";

    /// <summary>The model spec of <paramref name="model"/>.</summary>
    public static string Spec(string model) => $"{SpecsPrefix}{Checked(model)}.json";

    /// <summary>The folder of every spec document <paramref name="model"/> has had.</summary>
    public static string SpecHistoryPrefix(string model) => $"spec-history/{Checked(model)}/";

    /// <summary>One spec document of <paramref name="model"/>, named by the SHA-256 of its bytes (immutable).</summary>
    public static string SpecHistory(string model, string digest) => $"{SpecHistoryPrefix(model)}{CheckedId(digest)}.json";

    /// <summary>The drop zone prefix for new labeled data of <paramref name="model"/>.</summary>
    public static string IncomingPrefix(string model) => $"incoming/{Checked(model)}/";

    /// <summary>One incoming file.</summary>
    public static string Incoming(string model, string fileName) => IncomingPrefix(model) + CheckedFileName(fileName);

    /// <summary>The prefix of batches collected but not yet validated.</summary>
    public static string PendingBatchesPrefix(string model) => $"batches/{Checked(model)}/pending/";

    /// <summary>A batch collected but not yet validated.</summary>
    public static string PendingBatch(string model, string batchId) => $"{PendingBatchesPrefix(model)}{CheckedId(batchId)}.csv";

    /// <summary>
    /// A batch's upload as it arrived, kept when it was not CSV (a Parquet file): the pending, accepted or quarantined CSV
    /// is its rendering (<see cref="Collection.ParquetBatch"/>).
    /// </summary>
    public static string SourceBatch(string model, string batchId, string extension) => $"batches/{Checked(model)}/sources/{CheckedId(batchId)}{CheckedFileName(extension)}";

    /// <summary>The prefix of accepted batches.</summary>
    public static string AcceptedBatchesPrefix(string model) => $"batches/{Checked(model)}/accepted/";

    /// <summary>An accepted batch's data.</summary>
    public static string AcceptedBatch(string model, string batchId) => $"{AcceptedBatchesPrefix(model)}{CheckedId(batchId)}.csv";

    /// <summary>An accepted batch's manifest.</summary>
    public static string AcceptedBatchManifest(string model, string batchId) => $"{AcceptedBatchesPrefix(model)}{CheckedId(batchId)}.json";

    /// <summary>Returns whether <paramref name="path"/> (under <see cref="AcceptedBatchesPrefix"/>) is a batch manifest, not a profile or data.</summary>
    public static bool IsAcceptedBatchManifest(string path) =>
        path is not null && path.EndsWith(".json", StringComparison.Ordinal) && !path.EndsWith(".profile.json", StringComparison.Ordinal);

    /// <summary>An accepted batch's profile.</summary>
    public static string AcceptedBatchProfile(string model, string batchId) => $"{AcceptedBatchesPrefix(model)}{CheckedId(batchId)}.profile.json";

    /// <summary>The prefix of quarantined batches.</summary>
    public static string QuarantinePrefix(string model) => $"quarantine/{Checked(model)}/";

    /// <summary>A quarantined batch's data, kept byte for byte.</summary>
    public static string QuarantinedBatch(string model, string batchId) => $"{QuarantinePrefix(model)}{CheckedId(batchId)}.csv";

    /// <summary>The report explaining why a batch was quarantined.</summary>
    public static string QuarantineReport(string model, string batchId) => $"{QuarantinePrefix(model)}{CheckedId(batchId)}.report.json";

    /// <summary>The prefix of every training snapshot of <paramref name="model"/>.</summary>
    public static string SnapshotsPrefix(string model) => $"snapshots/{Checked(model)}/";

    /// <summary>The folder of one training snapshot.</summary>
    public static string SnapshotPrefix(string model, string digest) => $"snapshots/{Checked(model)}/{CheckedId(digest)}/";

    /// <summary>The manifest of one training snapshot.</summary>
    public static string SnapshotManifest(string model, string digest) => SnapshotPrefix(model, digest) + "manifest.json";

    /// <summary>One time-ordered split of a training snapshot, in ML.NET's binary data view format with the schema of <c>SpecDataLoader</c>.</summary>
    public static string SnapshotSplit(string model, string digest, DataSplit split) =>
        SnapshotPrefix(model, digest) + split.ToString().ToLowerInvariant() + ".idv";

    /// <summary>One split of a snapshot written as CSV by versions before <see cref="SnapshotSplit"/>; still read (drift references of older models).</summary>
    public static string LegacySnapshotSplit(string model, string digest, DataSplit split) =>
        SnapshotPrefix(model, digest) + split.ToString().ToLowerInvariant() + ".csv";

    /// <summary>The profile of a training snapshot's train split.</summary>
    public static string SnapshotProfile(string model, string digest) => SnapshotPrefix(model, digest) + "profile.json";

    /// <summary>The prefix of all runs of <paramref name="model"/>.</summary>
    public static string RunsPrefix(string model) => $"runs/{Checked(model)}/";

    /// <summary>The folder of one run.</summary>
    public static string RunPrefix(string model, string runId) => $"{RunsPrefix(model)}{CheckedId(runId)}/";

    /// <summary>The fitted feature pipeline of a run.</summary>
    public static string Featurizer(string model, string runId) => RunPrefix(model, runId) + "featurizer.zip";

    /// <summary>A trained candidate of a run.</summary>
    public static string Candidate(string model, string runId, string trainer) =>
        RunPrefix(model, runId) + "candidates/" + CheckedId(trainer) + ".zip";

    /// <summary>The promoted challenger of a run refitted on the whole window.</summary>
    public static string RefitModel(string model, string runId, string trainer) =>
        RunPrefix(model, runId) + "refit/" + CheckedId(trainer) + ".zip";

    /// <summary>The validation report of a run.</summary>
    public static string ValidationReport(string model, string runId) => RunPrefix(model, runId) + "validation.json";

    /// <summary>The evaluation report of a run.</summary>
    public static string EvaluationReport(string model, string runId) => RunPrefix(model, runId) + "evaluation.json";

    /// <summary>The drift report of a run (JSON).</summary>
    public static string DriftReport(string model, string runId) => RunPrefix(model, runId) + "drift.json";

    /// <summary>The drift report of a run as a self-contained HTML page.</summary>
    public static string DriftPage(string model, string runId) => RunPrefix(model, runId) + "drift.html";

    /// <summary>The run record.</summary>
    public static string RunRecord(string model, string runId) => RunPrefix(model, runId) + "record.json";

    /// <summary>The lease of the process running <paramref name="model"/> (one run per model per store, across processes).</summary>
    public static string RunLease(string model) => $"models/{Checked(model)}/run.lease.json";

    /// <summary>The approval a run of <paramref name="model"/> waits for, published by the process hosting the run.</summary>
    public static string PendingApproval(string model) => ApprovalPrefix(model) + "pending.json";

    /// <summary>The prefix of <paramref name="model"/>'s approval files.</summary>
    public static string ApprovalPrefix(string model) => $"models/{Checked(model)}/approval/";

    /// <summary>The decision filed on candidate <paramref name="version"/> (approve or reject; the first one wins).</summary>
    public static string ApprovalDecision(string model, string version) => $"{ApprovalPrefix(model)}{CheckedId(version)}.decision.json";

    /// <summary>The prefix of all versions of <paramref name="model"/>.</summary>
    public static string VersionsPrefix(string model) => $"models/{Checked(model)}/versions/";

    /// <summary>A deployed model version's model file.</summary>
    public static string VersionModel(string model, string version) => $"{VersionsPrefix(model)}{CheckedId(version)}/model.zip";

    /// <summary>A deployed model version's metrics and lineage.</summary>
    public static string VersionManifest(string model, string version) => $"{VersionsPrefix(model)}{CheckedId(version)}/version.json";

    /// <summary>A model version's permutation feature importances (the weights of dataset-level drift).</summary>
    public static string VersionFeatureImportance(string model, string version) => $"{VersionsPrefix(model)}{CheckedId(version)}/feature-importance.json";

    /// <summary>The profile of a model version's scores on its own train split: the reference for prediction drift.</summary>
    public static string VersionTrainingScoresProfile(string model, string version) => $"{VersionsPrefix(model)}{CheckedId(version)}/training-scores.profile.json";

    /// <summary>The spec document a version was trained under (a copy of its <see cref="SpecHistory"/> entry).</summary>
    public static string VersionSpec(string model, string version) => $"{VersionsPrefix(model)}{CheckedId(version)}/spec.json";

    /// <summary>A deployed model version's model card (Markdown).</summary>
    public static string VersionModelCard(string model, string version) => $"{VersionsPrefix(model)}{CheckedId(version)}/model-card.md";

    /// <summary>The probation verdict of a deployed version.</summary>
    public static string ProbationVerdict(string model, string version) => $"models/{Checked(model)}/probation/{CheckedId(version)}.json";

    /// <summary>The production pointer.</summary>
    public static string ProductionPointer(string model) => $"models/{Checked(model)}/production.json";

    /// <summary>The prefix of the production pointer history.</summary>
    public static string PointerHistoryPrefix(string model) => $"models/{Checked(model)}/history/";

    /// <summary>One entry of the production pointer history; <paramref name="sequence"/> orders them.</summary>
    public static string PointerHistory(string model, long sequence) =>
        PointerHistoryPrefix(model) + sequence.ToString("D10", CultureInfo.InvariantCulture) + ".json";

    /// <summary>The retraining policy's state between decisions.</summary>
    public static string PolicyState(string model) => $"models/{Checked(model)}/policy-state.json";

    /// <summary>The prefix of all policy decisions of <paramref name="model"/>.</summary>
    public static string PolicyDecisionsPrefix(string model) => $"models/{Checked(model)}/decisions/";

    /// <summary>One policy decision; decision ids sort by time.</summary>
    public static string PolicyDecision(string model, string decisionId) => $"{PolicyDecisionsPrefix(model)}{CheckedId(decisionId)}.json";

    /// <summary>The store-wide area of tools' working files; <c>retrain gc</c> empties it.</summary>
    public const string ScratchPrefix = "scratch/";

    /// <summary>A working file of a tool such as the demo; never read by the pipeline.</summary>
    public static string Scratch(string tool, string fileName) => $"{ScratchPrefix}{CheckedId(tool)}/{CheckedFileName(fileName)}";

    private static string Checked(string model) => ModelName.Validate(model);

    private static string CheckedId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Length > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || id.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid artifact id '{id}': use 1-128 ASCII letters, digits, '-', '_' or '.', without '..'.", nameof(id));
        }

        return id;
    }

    private static string CheckedFileName(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (fileName.Length > 200 || fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal)
            || fileName is "." or ".." || fileName.Any(char.IsControl))
        {
            throw new ArgumentException($"Invalid incoming file name '{fileName}': one path segment of at most 200 characters, no control characters.", nameof(fileName));
        }

        return fileName;
    }
}
