using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Features;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.EngineerFeatures"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The spec whose feature columns are engineered.</param>
/// <param name="Snapshot">The snapshot whose train split the featurizer is fitted on.</param>
public sealed record FeaturesRequest(string Model, string RunId, ModelSpec Spec, SnapshotRef Snapshot);
