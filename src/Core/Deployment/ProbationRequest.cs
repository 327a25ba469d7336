using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.CheckProbation"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run whose new labeled data judges the deployment.</param>
/// <param name="Spec">The spec (task, gate metric and confidence).</param>
/// <param name="BatchIds">The batches this run accepted (<c>batches/{model}/accepted/{id}.csv</c>).</param>
public sealed record ProbationRequest(string Model, string RunId, ModelSpec Spec, IReadOnlyList<string> BatchIds);
