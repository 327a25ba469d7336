using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Input of <see cref="EvaluateModel"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The spec (task, gate).</param>
/// <param name="Snapshot">The snapshot whose holdout split both models are scored on.</param>
/// <param name="Candidates">The trained candidates; the best on validation becomes the challenger.</param>
public sealed record EvaluateRequest(string Model, string RunId, ModelSpec Spec, SnapshotRef Snapshot, IReadOnlyList<CandidateResult> Candidates);
