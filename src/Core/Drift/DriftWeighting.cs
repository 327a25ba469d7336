namespace RetrainFunctions.Core.Drift;

/// <summary>How features are weighted in the dataset-level drift share.</summary>
public enum DriftWeighting
{
    /// <summary>Every feature counts the same (no importances were available).</summary>
    Equal,

    /// <summary>Each feature counts by its importance to the production model.</summary>
    Importance,
}
