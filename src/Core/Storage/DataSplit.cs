namespace RetrainFunctions.Core.Storage;

/// <summary>The time-ordered splits of a training snapshot: oldest rows train, newest rows are held out.</summary>
public enum DataSplit
{
    /// <summary>The oldest rows: candidates are fitted on them.</summary>
    Train,

    /// <summary>The rows after training: candidates are compared on them to pick the challenger.</summary>
    Validation,

    /// <summary>The newest rows: the challenger and the production model are compared on them.</summary>
    Holdout,
}
