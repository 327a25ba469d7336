namespace RetrainFunctions.Core.Policies;

/// <summary>The triggers a <see cref="PolicySpec"/> can enable.</summary>
public enum PolicyTrigger
{
    /// <summary>There is no production model yet: every policy trains the first one.</summary>
    Bootstrap,

    /// <summary>Every N decisions (batches).</summary>
    Periodic,

    /// <summary>A period of time has passed since the last retrain.</summary>
    Schedule,

    /// <summary>Enough newly labeled rows arrived since the last retrain.</summary>
    NewLabels,

    /// <summary>The data-drift signal (from the drift stage) crossed its threshold.</summary>
    DataDrift,

    /// <summary>A change detector saw the production model's error rise.</summary>
    Performance,
}
