namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The blob layout of RetrainFunctions, one small type per concern, all reached from a model's root:
/// <c>ModelArtifacts.For(model).Runs.Run(runId).Record</c>. Every artifact path the system reads or writes comes from
/// here. Paths are relative to the store root (a local folder or one blob container); the model name and every id are
/// checked when the reference is built.
/// </summary>
/// <remarks>
/// <code>
/// specs/{model}.json                                   model spec (JSON)                                        Specs.Document
/// spec-history/{model}/{sha256}.json                   every spec document a model had, by SHA-256 (immutable)  Specs.History(digest)
/// incoming/{model}/{file}                              drop zone for new labeled data (CSV); emptied by collection  Incoming.File(name)
/// batches/{model}/pending/{batchId}.csv                collected, not yet validated (batchId = SHA-256 of the content)  Batches.Pending(id)
/// batches/{model}/accepted/{batchId}.csv               validated batch, immutable                               Batches.Accepted(id)
/// batches/{model}/accepted/{batchId}.json              batch manifest: source file, rows, time range, ingestion time  Batches.AcceptedManifest(id)
/// batches/{model}/accepted/{batchId}.profile.json      batch profile: per-column statistics, label distribution Batches.AcceptedProfile(id)
/// quarantine/{model}/{batchId}.csv                     rejected batch, kept byte for byte                        Quarantine.Batch(id)
/// quarantine/{model}/{batchId}.report.json             why it was rejected                                      Quarantine.Report(id)
/// snapshots/{model}/{digest}/manifest.json             training snapshot: accepted batches in the window, split sizes  Snapshots.Manifest(digest)
/// snapshots/{model}/{digest}/{train|validation|holdout}.idv   time-ordered splits, typed (ML.NET binary data view)  Snapshots.Split(digest, split)
/// snapshots/{model}/{digest}/{train|validation|holdout}.csv   the same as CSV, written by older versions (read, never written)  Snapshots.LegacySplit
/// snapshots/{model}/{digest}/profile.json              profile of the train split (the drift reference of models trained on it)  Snapshots.Profile(digest)
/// runs/{model}/{runId}/featurizer.zip                  fitted feature pipeline of the run                       Runs.Run(id).Featurizer
/// runs/{model}/{runId}/candidates/{trainer}.zip        one trained candidate per trainer                         Runs.Run(id).Candidate(trainer)
/// runs/{model}/{runId}/refit/{trainer}.zip             the promoted challenger refitted on train + validation + holdout  Runs.Run(id).Refit(trainer)
/// runs/{model}/{runId}/{validation|evaluation}.json    stage reports                                             Runs.Run(id).ValidationReport|EvaluationReport
/// runs/{model}/{runId}/drift.json|drift.html           drift of the run's accepted data vs the reference (JSON, HTML page)  Runs.Run(id).DriftReport|DriftPage
/// runs/{model}/{runId}/challenger-scores.profile.json  profile of the challenger's scores on the comparison rows  Runs.Run(id).ChallengerScoresProfile
/// runs/{model}/{runId}/record.json                     the run record: trigger, stages, outcome and why         Runs.Run(id).Record
/// models/{model}/versions/{version}/model.zip          a deployed model version (immutable)                      Versions.Version(v).Model
/// models/{model}/versions/{version}/version.json       its metrics and lineage                                  Versions.Version(v).Manifest
/// models/{model}/versions/{version}/feature-importance.json   permutation importance of each feature (drift weights)  .FeatureImportance
/// models/{model}/versions/{version}/comparison-scores.profile.json   its scores on the comparison rows it was evaluated on (prediction-drift reference)  .ComparisonScoresProfile
/// models/{model}/versions/{version}/training-scores.profile.json   its scores on its train split (the reference of versions without the above)  .TrainingScoresProfile
/// models/{model}/versions/{version}/model-card.md      its model card (Markdown), written at deploy             .ModelCard
/// models/{model}/versions/{version}/spec.json          the spec it was trained under (serving and probation read it)  .Spec
/// models/{model}/probation/{version}.json              the probation verdict of a deployed version (once per version)  Deployment.ProbationVerdict(v)
/// models/{model}/production.json                       the production pointer (flipped with an ETag condition)  Deployment.Production
/// models/{model}/run.lease.json                        who runs the model now (renewed while the run lives)     Deployment.RunLease
/// models/{model}/history/{sequence}.json               every pointer change, in order                           Deployment.History(sequence)
/// models/{model}/approval/pending.json                 the approval a run waits for (renewed by its host while it waits)  Approvals.Pending
/// models/{model}/approval/{version}.decision.json      the decision filed for a candidate (first one wins)      Approvals.Decision(v)
/// models/{model}/policy-state.json                     the retraining policy's state between decisions (ETag-guarded)  Policy.State
/// models/{model}/decisions/{decisionId}.json           every policy decision (retrain or skip) with its reason   Policy.Decision(id)
/// scratch/{tool}/{file}                                working files of tools (demo, backtests); safe to delete ScratchArtifacts.File(tool, file)
/// </code>
/// </remarks>
public readonly struct ModelArtifacts
{
    private ModelArtifacts(string model) => Model = model;

    /// <summary>Gets the model, a valid model name.</summary>
    public string Model { get; }

    /// <summary>Gets the model's spec and its history.</summary>
    public SpecArtifacts Specs => new(Model);

    /// <summary>Gets the model's drop zone.</summary>
    public IncomingArtifacts Incoming => new(Model);

    /// <summary>Gets the model's collected batches, pending and accepted.</summary>
    public BatchArtifacts Batches => new(Model);

    /// <summary>Gets the model's quarantined batches.</summary>
    public QuarantineArtifacts Quarantine => new(Model);

    /// <summary>Gets the model's training snapshots.</summary>
    public SnapshotArtifacts Snapshots => new(Model);

    /// <summary>Gets the model's runs.</summary>
    public RunArtifacts Runs => new(Model);

    /// <summary>Gets the model's deployed versions.</summary>
    public VersionArtifacts Versions => new(Model);

    /// <summary>Gets the model's production pointer, its history, probation verdicts and run lease.</summary>
    public DeploymentArtifacts Deployment => new(Model);

    /// <summary>Gets the model's approval files.</summary>
    public ApprovalArtifacts Approvals => new(Model);

    /// <summary>Gets the model's retraining-policy state and decisions.</summary>
    public PolicyArtifacts Policy => new(Model);

    /// <summary>The artifacts of <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="model"/> is not a valid model name.</exception>
    public static ModelArtifacts For(string model) => new(ArtifactIds.Model(model));
}
