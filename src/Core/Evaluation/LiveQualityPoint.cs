namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Production's quality as one run found it: the run's new labeled comparison rows scored by the version then in
/// production, before any model learned from them, and by the model's first (seed) version for reference.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="StartedAt">When the run started: the date of the point.</param>
/// <param name="Rows">The comparison rows.</param>
/// <param name="Production">The production version's quality.</param>
/// <param name="Seed">The first version's quality (the same as <paramref name="Production"/> while it serves), or null when it is gone.</param>
public sealed record LiveQualityPoint(string RunId, DateTimeOffset StartedAt, int Rows, VersionQuality Production, VersionQuality? Seed);
