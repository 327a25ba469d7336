namespace RetrainFunctions.Core.Specs;

/// <summary>What new data is compared with to measure drift.</summary>
public enum DriftReferenceKind
{
    /// <summary>The training data of the production model (its snapshot's train-split profile). The default.</summary>
    Production,

    /// <summary>The batch accepted just before: catches sudden changes, forgets slow ones.</summary>
    Previous,

    /// <summary>The accepted batch covering the same period one season ago (<see cref="DriftSpec.SeasonLengthDays"/>), so a seasonal pattern is not an alarm.</summary>
    Seasonal,
}
