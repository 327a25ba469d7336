using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Comparison;

/// <summary>Two versions scored on the same labeled rows, with the gate's metrics and its paired intervals.</summary>
/// <param name="Model">The model.</param>
/// <param name="VersionA">The first version (the baseline of the improvement).</param>
/// <param name="VersionB">The second version.</param>
/// <param name="Task">The task both solve.</param>
/// <param name="GateMetric">The metric B's gate decides on.</param>
/// <param name="Rows">Rows scored (the same rows, paired, for both).</param>
/// <param name="MetricsA">A's metrics on the rows.</param>
/// <param name="MetricsB">B's metrics on the rows.</param>
/// <param name="Intervals">Per metric, the paired bootstrap interval of B's improvement over A (positive: B is better), as the gate computes it; null where undefined.</param>
/// <param name="Method">How the intervals were computed, for people.</param>
/// <param name="Overlaps">Per version, how much of the file it was trained on already.</param>
public sealed record VersionComparison(
    string Model,
    string VersionA,
    string VersionB,
    ModelTask Task,
    EvaluationMetric GateMetric,
    int Rows,
    IReadOnlyDictionary<EvaluationMetric, double> MetricsA,
    IReadOnlyDictionary<EvaluationMetric, double> MetricsB,
    IReadOnlyList<MetricInterval?> Intervals,
    string Method,
    IReadOnlyList<TrainingOverlap> Overlaps);
