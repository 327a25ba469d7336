using RetrainFunctions.Core.Profiling;

namespace RetrainFunctions.Core.Drift;

/// <summary>The production model's training data, as a drift and validation reference.</summary>
/// <param name="Profile">The profile of its snapshot's train split.</param>
/// <param name="Description">It in words.</param>
/// <param name="Version">The production version.</param>
/// <param name="TrainSplitPath">The train split it was trained on.</param>
public sealed record ProductionReference(DatasetProfile Profile, string Description, string Version, string TrainSplitPath);
