using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Collection;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.AssembleTrainingSnapshot"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The spec in force for the run (window, split and minimum sizes).</param>
public sealed record SnapshotRequest(string Model, string RunId, ModelSpec Spec);
