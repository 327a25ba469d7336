namespace RetrainFunctions.Core.Specs;

/// <summary>Which hypothesis the promotion gate needs evidence for before a challenger replaces production.</summary>
public enum GateMode
{
    /// <summary>
    /// The challenger must be shown better: the lower confidence bound of its improvement exceeds
    /// <see cref="GateSpec.MinDelta"/>. Protects a good production model from noise; on a fast-drifting stream it keeps a
    /// stale model because a small holdout rarely proves the newer one better.
    /// </summary>
    Superiority,

    /// <summary>
    /// The challenger is deployed unless it is shown worse: it is rejected only when the upper confidence bound of its
    /// improvement is below −<see cref="GateSpec.NonInferiorityMargin"/>. Suits scheduled retrains on drifting streams,
    /// where the newest model is usually the right one.
    /// </summary>
    NonInferiority,
}
