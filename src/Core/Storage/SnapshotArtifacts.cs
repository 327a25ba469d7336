namespace RetrainFunctions.Core.Storage;

/// <summary>A model's training snapshots, one folder per digest: <c>snapshots/{model}/{digest}/</c>.</summary>
public readonly struct SnapshotArtifacts
{
    private readonly string _model;

    internal SnapshotArtifacts(string model) => _model = model;

    /// <summary>Gets the prefix of every training snapshot of the model.</summary>
    public string Prefix => $"snapshots/{_model}/";

    /// <summary>The folder of one training snapshot.</summary>
    public string Folder(string digest) => $"{Prefix}{ArtifactIds.Id(digest)}/";

    /// <summary>The manifest of one training snapshot.</summary>
    public string Manifest(string digest) => Folder(digest) + "manifest.json";

    /// <summary>One time-ordered split of a training snapshot, in ML.NET's binary data view format with the schema of <c>SpecDataLoader</c>.</summary>
    public string Split(string digest, DataSplit split) => Folder(digest) + split.ToString().ToLowerInvariant() + ".idv";

    /// <summary>One split of a snapshot written as CSV by versions before <see cref="Split"/>; still read (drift references of older models).</summary>
    public string LegacySplit(string digest, DataSplit split) => Folder(digest) + split.ToString().ToLowerInvariant() + ".csv";

    /// <summary>The profile of a training snapshot's train split.</summary>
    public string Profile(string digest) => Folder(digest) + "profile.json";
}
