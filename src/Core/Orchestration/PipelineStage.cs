namespace RetrainFunctions.Core.Orchestration;

/// <summary>The stages of a retraining run, in order.</summary>
public enum PipelineStage
{
    /// <summary>New incoming files become content-addressed batches.</summary>
    Collect,

    /// <summary>Batches are checked against the spec; bad ones are quarantined.</summary>
    Validate,

    /// <summary>The newest deployment is judged on the new batches against the version it replaced.</summary>
    Probation,

    /// <summary>The model's retraining policy decides whether this run retrains (only when the spec has a policy).</summary>
    Decide,

    /// <summary>Accepted batches in the window become a time-ordered training snapshot.</summary>
    Snapshot,

    /// <summary>The feature pipeline is fitted on the train split.</summary>
    Features,

    /// <summary>Candidates are trained in parallel.</summary>
    Train,

    /// <summary>The best candidate meets production on the holdout; the gate decides.</summary>
    Evaluate,

    /// <summary>The promoted challenger's trainer is refitted on the whole window and smoke-checked.</summary>
    Refit,

    /// <summary>The promotion waits for a person's approval.</summary>
    Approve,

    /// <summary>The new version is written and the production pointer flipped.</summary>
    Deploy,
}
