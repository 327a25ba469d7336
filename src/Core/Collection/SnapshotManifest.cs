namespace RetrainFunctions.Core.Collection;

/// <summary>The stored manifest of a training snapshot (<c>snapshots/{model}/{digest}/manifest.json</c>).</summary>
/// <param name="Digest">The snapshot digest.</param>
/// <param name="Model">The model.</param>
/// <param name="CreatedByRun">The run that assembled it first.</param>
/// <param name="Batches">The contributing batches, oldest first, and the rows taken from each.</param>
/// <param name="TrainRows">Rows in the train split.</param>
/// <param name="ValidationRows">Rows in the validation split.</param>
/// <param name="HoldoutRows">Rows in the holdout split.</param>
/// <param name="OrderedBy">The timestamp column the rows are ordered by, or null for batch order.</param>
/// <param name="RowSets">The named row sets and how the comparison rows were chosen (null in snapshots written before them).</param>
public sealed record SnapshotManifest(
    string Digest,
    string Model,
    string CreatedByRun,
    IReadOnlyList<SnapshotBatch> Batches,
    int TrainRows,
    int ValidationRows,
    int HoldoutRows,
    string? OrderedBy,
    SnapshotRowSets? RowSets = null);
