namespace RetrainFunctions.Core.Storage;

/// <summary>A model's retraining policy: its state between decisions and every decision, under <c>models/{model}/</c>.</summary>
public readonly struct PolicyArtifacts
{
    private readonly string _model;

    internal PolicyArtifacts(string model) => _model = model;

    /// <summary>Gets the retraining policy's state between decisions.</summary>
    public string State => $"models/{_model}/policy-state.json";

    /// <summary>Gets the prefix of all policy decisions of the model.</summary>
    public string DecisionsPrefix => $"models/{_model}/decisions/";

    /// <summary>One policy decision; decision ids sort by time.</summary>
    public string Decision(string decisionId) => $"{DecisionsPrefix}{ArtifactIds.Id(decisionId)}.json";
}
