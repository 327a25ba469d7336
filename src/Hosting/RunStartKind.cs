namespace RetrainFunctions.Hosting;

/// <summary>What <see cref="RunStarter.StartAsync"/> did with a request.</summary>
public enum RunStartKind
{
    /// <summary>No run of the model was in progress: a new orchestration instance was scheduled.</summary>
    Started,

    /// <summary>
    /// A run of the model was already in progress: the request was raised on it as
    /// <see cref="Core.Orchestration.RetrainEvents.RetrainRequested"/>, and that run continues as new when it ends.
    /// </summary>
    Coalesced,
}
