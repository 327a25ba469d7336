namespace RetrainFunctions.Core.Evaluation;

/// <summary>One model version's quality on one run's comparison rows, rows it had not learned from.</summary>
/// <param name="Version">The version scored.</param>
/// <param name="Metrics">Its metrics with bootstrap intervals (without intervals when it could not be rescored).</param>
/// <param name="Problem">Why it could not be rescored (the comparison rows or the model are gone, or no longer fit the spec), or null.</param>
public sealed record VersionQuality(string Version, IReadOnlyList<MetricEstimate> Metrics, string? Problem = null);
