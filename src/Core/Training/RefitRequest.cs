using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.RefitModel"/>: refit the promoted challenger's trainer on the whole window.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The spec (task, gate tolerance).</param>
/// <param name="Trainer">The challenger's trainer.</param>
/// <param name="Snapshot">The snapshot whose train, validation and holdout splits are refitted on.</param>
/// <param name="FeaturizerPath">The run's featurizer (fitted on the train split).</param>
/// <param name="ChallengerPath">The challenger, for the smoke check.</param>
/// <param name="Metric">The gate metric the smoke check compares.</param>
/// <param name="WindowRows">The challenger's training window: the refit uses the newest this many rows of the whole snapshot, or all of it when null.</param>
/// <param name="CalibrationSlope">The challenger's temperature-scaling slope (<see cref="TemperatureScaling"/>), applied to the refit too; null when it has none.</param>
/// <param name="WindowFraction">When set, the candidate trains on the newest this share of its rows (<see cref="Specs.WindowSpec.CandidateFractions"/>); the refit uses the same share of the whole snapshot.</param>
/// <param name="HalfLifeFraction">When set, the challenger weighted its rows by recency with a half-life of this share of them (<see cref="Specs.WindowSpec.CandidateHalfLives"/>); the refit weighs the whole snapshot with the same share of its rows.</param>
public sealed record RefitRequest(
    string Model,
    string RunId,
    ModelSpec Spec,
    TrainerKind Trainer,
    SnapshotRef Snapshot,
    string FeaturizerPath,
    string ChallengerPath,
    EvaluationMetric Metric,
    int? WindowRows = null,
    double? WindowFraction = null,
    double? CalibrationSlope = null,
    double? HalfLifeFraction = null);
