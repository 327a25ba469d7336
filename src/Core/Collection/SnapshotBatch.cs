namespace RetrainFunctions.Core.Collection;

/// <summary>One batch's contribution to a snapshot.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Rows">Rows of the batch inside the window.</param>
/// <param name="ComparisonRows">Of those, the rows in the comparison set (the holdout split).</param>
public sealed record SnapshotBatch(string BatchId, int Rows, int ComparisonRows = 0);
