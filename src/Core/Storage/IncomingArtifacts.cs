namespace RetrainFunctions.Core.Storage;

/// <summary>A model's drop zone for new labeled data: <c>incoming/{model}/{file}</c>, emptied by collection.</summary>
public readonly struct IncomingArtifacts
{
    private readonly string _model;

    internal IncomingArtifacts(string model) => _model = model;

    /// <summary>Gets the drop zone's prefix.</summary>
    public string Prefix => $"incoming/{_model}/";

    /// <summary>One incoming file (one path segment).</summary>
    public string File(string fileName) => Prefix + ArtifactIds.FileName(fileName);
}
