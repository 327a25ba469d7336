namespace RetrainFunctions.Core.Comparison;

/// <summary>How many rows of a comparison file a version's training snapshot holds already.</summary>
/// <param name="Version">The version.</param>
/// <param name="SnapshotDigest">The snapshot it was trained on (its lineage).</param>
/// <param name="OverlappingRows">Rows of the file equal (on the spec's columns) to a row of that snapshot's batches.</param>
/// <param name="FileRows">Rows in the file.</param>
/// <param name="BatchIds">The snapshot's batches that hold them.</param>
/// <param name="UncheckedBatches">Batches of the snapshot no longer in the store (their rows could not be compared); −1 when the snapshot manifest itself is gone.</param>
public sealed record TrainingOverlap(string Version, string SnapshotDigest, int OverlappingRows, int FileRows, IReadOnlyList<string> BatchIds, int UncheckedBatches);
