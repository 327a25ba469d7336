namespace RetrainFunctions.Core.Collection;

/// <summary>One batch's contribution to a snapshot.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Rows">Rows of the batch inside the window.</param>
public sealed record SnapshotBatch(string BatchId, int Rows);
