namespace RetrainFunctions.Core.Collection;

/// <summary>A training snapshot: accepted batches inside the window, split in time order.</summary>
/// <param name="Digest">SHA-256 over the ordered batch ids and window; names the snapshot's folder.</param>
/// <param name="ManifestPath">Where its manifest is stored.</param>
/// <param name="BatchCount">Accepted batches contributing rows.</param>
/// <param name="TrainRows">Rows in the train split (oldest).</param>
/// <param name="ValidationRows">Rows in the validation split.</param>
/// <param name="HoldoutRows">Rows in the holdout split (newest).</param>
/// <param name="Insufficient">When set, why the snapshot is too small to train and evaluate on.</param>
/// <param name="RowSets">The named row sets (training, selection, comparison) and how the comparison rows were chosen.</param>
public sealed record SnapshotRef(
    string Digest,
    string ManifestPath,
    int BatchCount,
    int TrainRows,
    int ValidationRows,
    int HoldoutRows,
    string? Insufficient = null,
    SnapshotRowSets? RowSets = null)
{
    /// <summary>Gets the rows of the snapshot.</summary>
    public int TotalRows => TrainRows + ValidationRows + HoldoutRows;
}
