using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Deployment;

/// <summary>The metrics and lineage of a model version (<c>models/{model}/versions/{version}/version.json</c>).</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version id.</param>
/// <param name="Task">The task.</param>
/// <param name="Trainer">The trainer.</param>
/// <param name="Parameters">Its hyper-parameters.</param>
/// <param name="Metrics">Holdout metrics at promotion.</param>
/// <param name="SnapshotDigest">The training snapshot.</param>
/// <param name="SpecDigest">The spec it was trained under.</param>
/// <param name="RunId">The run that trained it.</param>
/// <param name="ParentVersion">The production version when it was trained, or null.</param>
/// <param name="ModelSha256">SHA-256 of model.zip, checked before loading.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="Seen">Which rows of its snapshot it has seen; null (versions written before lineage) counts as <see cref="SnapshotRowsSeen.All"/>.</param>
public sealed record ModelVersion(
    string Model,
    string Version,
    ModelTask Task,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<EvaluationMetric, double> Metrics,
    string SnapshotDigest,
    string SpecDigest,
    string RunId,
    string? ParentVersion,
    string ModelSha256,
    DateTimeOffset CreatedAt,
    SnapshotRowsSeen? Seen = null);
