using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.DeployModel"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run; also the new version's id.</param>
/// <param name="ChallengerPath">The model to deploy.</param>
/// <param name="Trainer">Its trainer.</param>
/// <param name="Parameters">Its hyper-parameters.</param>
/// <param name="Metrics">Its holdout metrics.</param>
/// <param name="SnapshotDigest">The snapshot it was trained on.</param>
/// <param name="SpecDigest">The spec it was trained under.</param>
/// <param name="ExpectedChampionVersion">The production version the gate compared against (null for none); if production moved since, the deployment is refused.</param>
/// <param name="RequestedAt">When the orchestrator asked (deterministic orchestration time).</param>
/// <param name="Task">The learning task, for the version's lineage.</param>
/// <param name="Notes">The decision record in lines (gate evidence, refit, approval), written into the model card.</param>
/// <param name="Seen">Which rows of the snapshot the deployed model has seen: all of them after a refit, else the training and selection rows.</param>
public sealed record DeployRequest(
    string Model,
    string RunId,
    string ChallengerPath,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<EvaluationMetric, double> Metrics,
    string SnapshotDigest,
    string SpecDigest,
    string? ExpectedChampionVersion,
    DateTimeOffset RequestedAt,
    ModelTask Task,
    IReadOnlyList<string>? Notes = null,
    SnapshotRowsSeen Seen = SnapshotRowsSeen.All);
