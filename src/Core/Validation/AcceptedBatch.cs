namespace RetrainFunctions.Core.Validation;

/// <summary>A batch that passed validation.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="SourceName">The file it arrived as.</param>
/// <param name="Rows">Its data rows.</param>
/// <param name="Warnings">Findings that did not stop it.</param>
public sealed record AcceptedBatch(string BatchId, string SourceName, int Rows, int Warnings);
