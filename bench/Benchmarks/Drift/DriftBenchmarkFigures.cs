namespace RetrainFunctions.Benchmarks.Drift;

/// <summary>What <see cref="DriftBenchmark.MeasureAsync"/> measured.</summary>
/// <param name="ReferenceSeconds">Read + profile of the reference, streaming from the store.</param>
/// <param name="CurrentSeconds">Read + profile of the new data, streaming from the store.</param>
/// <param name="DriftSeconds">Validate + drift on the two profiles.</param>
/// <param name="TotalSeconds">The whole streaming step.</param>
/// <param name="PeakWorkingSet">The process's peak working set in bytes after the streaming step.</param>
/// <param name="Findings">Validation findings.</param>
/// <param name="DriftedFeatures">The features found drifted.</param>
/// <param name="LoadSeconds">Loading both files into memory.</param>
/// <param name="LoadedSeconds">Profile + validate + drift from memory.</param>
public sealed record DriftBenchmarkFigures(
    double ReferenceSeconds,
    double CurrentSeconds,
    double DriftSeconds,
    double TotalSeconds,
    long PeakWorkingSet,
    int Findings,
    IReadOnlyList<string> DriftedFeatures,
    double LoadSeconds,
    double LoadedSeconds);
