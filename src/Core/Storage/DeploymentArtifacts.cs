using System.Globalization;

namespace RetrainFunctions.Core.Storage;

/// <summary>What production serves and how it got there: <c>models/{model}/production.json</c>, its history, probation verdicts and the run lease.</summary>
public readonly struct DeploymentArtifacts
{
    private readonly string _model;

    internal DeploymentArtifacts(string model) => _model = model;

    /// <summary>Gets the production pointer.</summary>
    public string Production => $"models/{_model}/production.json";

    /// <summary>Gets the prefix of the production pointer history.</summary>
    public string HistoryPrefix => $"models/{_model}/history/";

    /// <summary>Gets the lease of the process running the model (one run per model per store, across processes).</summary>
    public string RunLease => $"models/{_model}/run.lease.json";

    /// <summary>One entry of the production pointer history; <paramref name="sequence"/> orders them.</summary>
    public string History(long sequence) => HistoryPrefix + sequence.ToString("D10", CultureInfo.InvariantCulture) + ".json";

    /// <summary>The probation verdict of a deployed version.</summary>
    public string ProbationVerdict(string version) => $"models/{_model}/probation/{ArtifactIds.Id(version)}.json";
}
