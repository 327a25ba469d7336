using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.TrainModel"/>: one candidate.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The spec (task, label).</param>
/// <param name="Trainer">The trainer of this candidate.</param>
/// <param name="Snapshot">The snapshot: fitted on its train split, scored on its validation split.</param>
/// <param name="FeaturizerPath">The fitted feature pipeline to build on.</param>
/// <param name="WindowRows">Train on the newest this many rows of the train split only (a candidate of <see cref="WindowSpec.CandidateRows"/>), or null for all of it.</param>
/// <param name="WindowFraction">When set, the candidate trains on the newest this share of its rows (<see cref="Specs.WindowSpec.CandidateFractions"/>); the refit uses the same share of the whole snapshot.</param>
/// <param name="IncludeSelection">
/// False for a candidate: fitted on the training rows, scored on the selection rows. True for the chosen challenger's
/// fit before the gate: the same recipe fitted on the training and selection rows (everything older than the comparison
/// rows), so the model that meets production is as fresh as the comparison allows; it has no selection metrics of its own.
/// </param>
/// <param name="CalibrationSlope">With <paramref name="IncludeSelection"/>: the temperature-scaling slope the chosen candidate fitted on the selection rows (<see cref="TemperatureScaling"/>), reused because this fit has no unseen rows to fit its own.</param>
/// <param name="HalfLifeFraction">When set, the candidate weights its rows by recency with a half-life of this share of them (<see cref="Specs.WindowSpec.CandidateHalfLives"/>).</param>
/// <param name="MemberModels">
/// For a trainer that combines others (<see cref="ITrainerPlugin.CombinesOthers"/>): the candidates of the same run and
/// window already fitted for its members, reused instead of fitted again (orchestrator version 3). A member without one
/// is fitted as before.
/// </param>
public sealed record TrainRequest(string Model, string RunId, ModelSpec Spec, TrainerKind Trainer, SnapshotRef Snapshot, string FeaturizerPath, int? WindowRows = null, double? WindowFraction = null, bool IncludeSelection = false, double? CalibrationSlope = null, double? HalfLifeFraction = null, IReadOnlyList<MemberModel>? MemberModels = null);

/// <summary>A member's candidate model, reused by a combining trainer (<see cref="TrainRequest.MemberModels"/>).</summary>
/// <param name="Trainer">The member's trainer.</param>
/// <param name="ModelPath">Its candidate model zip: the run's featurizer, the member's predictor and, for binary tasks, its temperature scaling.</param>
public sealed record MemberModel(TrainerKind Trainer, string ModelPath);
