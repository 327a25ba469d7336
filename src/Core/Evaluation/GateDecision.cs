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

    /// <summary>
    /// The challenger looks better but the evidence does not show it: the holdout is below its minimum, or the lower
    /// confidence bound of the improvement does not exceed the minimum delta.
    /// </summary>
    InsufficientEvidence,

    /// <summary>The challenger is significantly worse than production on a holdout slice (and the gate blocks on it).</summary>
    SliceRegression,
}
