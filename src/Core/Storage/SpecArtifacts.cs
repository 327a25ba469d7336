namespace RetrainFunctions.Core.Storage;

/// <summary>A model's spec (<c>specs/{model}.json</c>) and every spec document it has had (<c>spec-history/{model}/</c>).</summary>
public readonly struct SpecArtifacts
{
    /// <summary>The prefix of all model specs.</summary>
    public const string Prefix = "specs/";

    private readonly string _model;

    internal SpecArtifacts(string model) => _model = model;

    /// <summary>Gets the model spec.</summary>
    public string Document => $"{Prefix}{_model}.json";

    /// <summary>Gets the folder of every spec document the model has had.</summary>
    public string HistoryPrefix => $"spec-history/{_model}/";

    /// <summary>One spec document, named by the SHA-256 of its bytes (immutable).</summary>
    public string History(string digest) => $"{HistoryPrefix}{ArtifactIds.Id(digest)}.json";
}
