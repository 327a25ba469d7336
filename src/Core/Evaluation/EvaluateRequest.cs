using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.EvaluateModel"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The spec (task, gate).</param>
/// <param name="Snapshot">The snapshot whose holdout split both models are scored on.</param>
/// <param name="Candidates">The trained candidates; without <paramref name="Challenger"/>, the best on the selection rows becomes the challenger.</param>
/// <param name="Challenger">
/// The model that meets production, when the orchestrator already chose it (<see cref="PromotionGate.ChooseChallenger"/>)
/// and refitted its recipe on the training and selection rows; null to choose among <paramref name="Candidates"/> here.
/// </param>
public sealed record EvaluateRequest(string Model, string RunId, ModelSpec Spec, SnapshotRef Snapshot, IReadOnlyList<CandidateResult> Candidates, CandidateResult? Challenger = null);
