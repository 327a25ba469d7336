using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Api;

/// <summary>The body of <c>GET /api/models/{model}</c>.</summary>
/// <param name="Name">The model.</param>
/// <param name="Spec">Its spec.</param>
/// <param name="SpecDigest">SHA-256 of the spec document.</param>
/// <param name="Production">The production pointer, or null before the first deployment.</param>
/// <param name="ProductionVersion">The production version's metrics and lineage.</param>
public sealed record ModelDetails(string Name, ModelSpec Spec, string SpecDigest, ProductionPointer? Production, ModelVersion? ProductionVersion);
