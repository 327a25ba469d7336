namespace RetrainFunctions.Core.Policies;

/// <summary>The outcome of a policy decision.</summary>
public enum RetrainVerdict
{
    /// <summary>Do not retrain now.</summary>
    Skip,

    /// <summary>Retrain now.</summary>
    Retrain,
}
