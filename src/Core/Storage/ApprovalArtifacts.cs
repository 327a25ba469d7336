namespace RetrainFunctions.Core.Storage;

/// <summary>A model's approval files: <c>models/{model}/approval/</c>.</summary>
public readonly struct ApprovalArtifacts
{
    private readonly string _model;

    internal ApprovalArtifacts(string model) => _model = model;

    /// <summary>Gets the prefix of the model's approval files.</summary>
    public string Prefix => $"models/{_model}/approval/";

    /// <summary>Gets the approval a run of the model waits for, published by the process hosting the run.</summary>
    public string Pending => Prefix + "pending.json";

    /// <summary>The decision filed on candidate <paramref name="version"/> (approve or reject; the first one wins).</summary>
    public string Decision(string version) => $"{Prefix}{ArtifactIds.Id(version)}.decision.json";
}
