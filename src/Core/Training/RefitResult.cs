using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.RefitModel"/>.</summary>
/// <param name="Accepted">Whether the refitted model passed the smoke check and is the one to deploy.</param>
/// <param name="ModelPath">The refitted model.</param>
/// <param name="TrainRows">Rows it was fitted on (train + validation + holdout).</param>
/// <param name="HoldoutMetrics">Its metrics on the holdout (seen in training: a smoke check, not an estimate).</param>
/// <param name="Reason">The smoke check's verdict with figures.</param>
public sealed record RefitResult(bool Accepted, string ModelPath, int TrainRows, IReadOnlyDictionary<EvaluationMetric, double> HoldoutMetrics, string Reason);
