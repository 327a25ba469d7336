namespace RetrainFunctions.Benchmarks.Serving;

/// <summary>The figures of one load phase of <c>retrain bench-serve</c>.</summary>
/// <param name="Name">The phase.</param>
/// <param name="RowsPerRequest">Rows in every request.</param>
/// <param name="Requests">Successful requests.</param>
/// <param name="Seconds">How long the phase ran.</param>
/// <param name="P50Ms">Median latency in milliseconds.</param>
/// <param name="P99Ms">99th-percentile latency in milliseconds.</param>
/// <param name="Errors">Failed requests (non-2xx or transport errors).</param>
/// <param name="MixedVersion">Responses whose scores are not those of the version they name.</param>
/// <param name="Versions">Distinct versions named by responses.</param>
/// <param name="Swaps">Production pointer flips during the phase.</param>
public sealed record LoadPhaseResult(
    string Name, int RowsPerRequest, long Requests, double Seconds, double P50Ms, double P99Ms, long Errors, long MixedVersion, int Versions, int Swaps)
{
    /// <summary>Gets the successful requests per second.</summary>
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>Gets the rows scored per second.</summary>
    public double PredictionsPerSecond => Requests * RowsPerRequest / Seconds;
}
