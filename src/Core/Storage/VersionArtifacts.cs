namespace RetrainFunctions.Core.Storage;

/// <summary>A model's deployed versions: <c>models/{model}/versions/{version}/</c>, one folder per version (<see cref="Version"/>).</summary>
public readonly struct VersionArtifacts
{
    private readonly string _model;

    internal VersionArtifacts(string model) => _model = model;

    /// <summary>Gets the prefix of all versions of the model.</summary>
    public string Prefix => $"models/{_model}/versions/";

    /// <summary>The artifacts of one version.</summary>
    public VersionFolder Version(string version) => new(Prefix + ArtifactIds.Id(version) + "/");
}
