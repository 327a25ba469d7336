using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.TrainModel"/>: a trained candidate and its validation metrics.</summary>
/// <param name="Trainer">The trainer.</param>
/// <param name="ModelPath">The candidate model (featurizer and predictor in one ML.NET model zip).</param>
/// <param name="ValidationMetrics">Its metrics on the snapshot's validation split.</param>
/// <param name="TrainRows">Rows it was fitted on.</param>
/// <param name="TrainSeconds">Wall time of the fit.</param>
/// <param name="Parameters">The trainer's hyper-parameters, for lineage.</param>
/// <param name="WindowRows">The training window it was fitted on (the newest this many rows of the train split), or null for the whole split.</param>
/// <param name="CalibrationSlope">Binary models: the temperature-scaling slope applied to its probabilities (<see cref="TemperatureScaling"/>), fitted on the selection rows; null when none was fitted.</param>
/// <param name="WindowFraction">When set, the candidate trains on the newest this share of its rows (<see cref="Specs.WindowSpec.CandidateFractions"/>); the refit uses the same share of the whole snapshot.</param>
/// <param name="HalfLifeFraction">When set, the candidate weighted its rows by recency with a half-life of this share of them (<see cref="Specs.WindowSpec.CandidateHalfLives"/>).</param>
public sealed record CandidateResult(
    TrainerKind Trainer,
    string ModelPath,
    IReadOnlyDictionary<EvaluationMetric, double> ValidationMetrics,
    int TrainRows,
    double TrainSeconds,
    IReadOnlyDictionary<string, string> Parameters,
    int? WindowRows = null,
    double? WindowFraction = null,
    double? CalibrationSlope = null,
    double? HalfLifeFraction = null);
