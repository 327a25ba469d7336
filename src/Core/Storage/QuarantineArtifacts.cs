namespace RetrainFunctions.Core.Storage;

/// <summary>A model's rejected batches, kept byte for byte with the report of why: <c>quarantine/{model}/</c>.</summary>
public readonly struct QuarantineArtifacts
{
    private readonly string _model;

    internal QuarantineArtifacts(string model) => _model = model;

    /// <summary>Gets the prefix of quarantined batches.</summary>
    public string Prefix => $"quarantine/{_model}/";

    /// <summary>A quarantined batch's data, kept byte for byte.</summary>
    public string Batch(string batchId) => $"{Prefix}{ArtifactIds.Id(batchId)}.csv";

    /// <summary>The report explaining why a batch was quarantined.</summary>
    public string Report(string batchId) => $"{Prefix}{ArtifactIds.Id(batchId)}.report.json";
}
