namespace RetrainFunctions.Core.Collection;

/// <summary>What is known about an accepted batch (<c>batches/{model}/accepted/{batchId}.json</c>).</summary>
/// <param name="BatchId">SHA-256 of the batch's bytes.</param>
/// <param name="SourceName">The file name it arrived under.</param>
/// <param name="Rows">Its data rows.</param>
/// <param name="AcceptedAt">When validation accepted it.</param>
/// <param name="RunId">The run that accepted it.</param>
/// <param name="FirstTimestamp">The earliest row timestamp, when the spec has a timestamp column.</param>
/// <param name="LastTimestamp">The latest row timestamp, when the spec has a timestamp column.</param>
public sealed record BatchManifest(
    string BatchId,
    string SourceName,
    int Rows,
    DateTimeOffset AcceptedAt,
    string RunId,
    DateTimeOffset? FirstTimestamp,
    DateTimeOffset? LastTimestamp);
