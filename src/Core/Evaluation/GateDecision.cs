namespace RetrainFunctions.Core.Evaluation;

/// <summary>The promotion gate's decision.</summary>
public enum GateDecision
{
    /// <summary>The challenger is better by at least the minimum delta and meets the threshold.</summary>
    Promote,

    /// <summary>The challenger is not better than production by the minimum delta.</summary>
    NotBetter,

    /// <summary>The challenger misses the absolute threshold.</summary>
    BelowThreshold,
}
