namespace RetrainFunctions.Core.Collection;

/// <summary>A content-addressed batch of labeled rows.</summary>
/// <param name="BatchId">The lowercase hex SHA-256 of the batch's bytes.</param>
/// <param name="Path">Where the batch is stored now.</param>
/// <param name="SourceName">The file name it arrived under in <c>incoming/{model}/</c>.</param>
/// <param name="Bytes">Its size in bytes.</param>
public sealed record BatchRef(string BatchId, string Path, string SourceName, long Bytes);
