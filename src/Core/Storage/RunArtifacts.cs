namespace RetrainFunctions.Core.Storage;

/// <summary>A model's runs: <c>runs/{model}/{runId}/</c>, one folder per run (<see cref="Run"/>).</summary>
public readonly struct RunArtifacts
{
    private readonly string _model;

    internal RunArtifacts(string model) => _model = model;

    /// <summary>Gets the prefix of all runs of the model.</summary>
    public string Prefix => $"runs/{_model}/";

    /// <summary>The artifacts of one run.</summary>
    public RunFolder Run(string runId) => new(Prefix + ArtifactIds.Id(runId) + "/");
}
