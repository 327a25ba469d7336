namespace RetrainFunctions.Core.Policies;

/// <summary>How the enabled triggers of a <see cref="PolicySpec"/> combine.</summary>
public enum TriggerCombination
{
    /// <summary>Retrain when any enabled trigger fires.</summary>
    Any,

    /// <summary>Retrain only when every enabled trigger fires.</summary>
    All,
}
