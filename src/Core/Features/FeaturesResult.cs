namespace RetrainFunctions.Core.Features;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.EngineerFeatures"/>.</summary>
/// <param name="FeaturizerPath">The fitted feature pipeline (an ML.NET model zip); every candidate is built on it.</param>
/// <param name="FeatureSlots">The length of the resulting feature vector.</param>
/// <param name="Steps">The transforms applied, in order, for the run record (e.g. <c>ReplaceMissing(mean): x1,x2</c>).</param>
public sealed record FeaturesResult(string FeaturizerPath, int FeatureSlots, IReadOnlyList<string> Steps);
