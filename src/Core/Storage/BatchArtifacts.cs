namespace RetrainFunctions.Core.Storage;

/// <summary>A model's collected batches: <c>batches/{model}/pending/</c> until validated, then <c>batches/{model}/accepted/</c>.</summary>
public readonly struct BatchArtifacts
{
    private readonly string _model;

    internal BatchArtifacts(string model) => _model = model;

    /// <summary>Gets the prefix of batches collected but not yet validated.</summary>
    public string PendingPrefix => $"batches/{_model}/pending/";

    /// <summary>Gets the prefix of accepted batches.</summary>
    public string AcceptedPrefix => $"batches/{_model}/accepted/";

    /// <summary>A batch collected but not yet validated.</summary>
    public string Pending(string batchId) => $"{PendingPrefix}{ArtifactIds.Id(batchId)}.csv";

    /// <summary>
    /// A batch's upload as it arrived, kept when it was not CSV (a Parquet file, <paramref name="extension"/> <c>.parquet</c>):
    /// the pending, accepted or quarantined CSV is its rendering (<see cref="Collection.ParquetBatch"/>).
    /// </summary>
    public string Source(string batchId, string extension) => $"batches/{_model}/sources/{ArtifactIds.Id(batchId)}{ArtifactIds.FileName(extension)}";

    /// <summary>An accepted batch's data.</summary>
    public string Accepted(string batchId) => $"{AcceptedPrefix}{ArtifactIds.Id(batchId)}.csv";

    /// <summary>An accepted batch's manifest.</summary>
    public string AcceptedManifest(string batchId) => $"{AcceptedPrefix}{ArtifactIds.Id(batchId)}.json";

    /// <summary>An accepted batch's profile.</summary>
    public string AcceptedProfile(string batchId) => $"{AcceptedPrefix}{ArtifactIds.Id(batchId)}.profile.json";

    /// <summary>Returns whether <paramref name="path"/> (under <see cref="AcceptedPrefix"/>) is a batch manifest, not a profile or data.</summary>
    public static bool IsAcceptedManifest(string path) =>
        path is not null && path.EndsWith(".json", StringComparison.Ordinal) && !path.EndsWith(".profile.json", StringComparison.Ordinal);
}
