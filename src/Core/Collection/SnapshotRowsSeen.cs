namespace RetrainFunctions.Core.Collection;

/// <summary>Which rows of its snapshot a deployed version has seen (trained or was selected on): its lineage.</summary>
public enum SnapshotRowsSeen
{
    /// <summary>Every row of the snapshot: a refit on the whole window, or a version recorded before lineage existed.</summary>
    All,

    /// <summary>The training and selection rows only: the challenger was deployed as trained, so its comparison rows are still unseen.</summary>
    TrainingAndSelection,
}
