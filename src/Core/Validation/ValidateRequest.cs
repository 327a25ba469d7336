using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Validation;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.ValidateDataset"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The spec the batches are checked against.</param>
/// <param name="Batches">The pending batches to validate.</param>
public sealed record ValidateRequest(string Model, string RunId, ModelSpec Spec, IReadOnlyList<BatchRef> Batches);
