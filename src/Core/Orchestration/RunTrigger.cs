namespace RetrainFunctions.Core.Orchestration;

/// <summary>What started a run.</summary>
public enum RunTrigger
{
    /// <summary>The timer (weekly by default).</summary>
    Schedule,

    /// <summary>An HTTP request.</summary>
    Http,

    /// <summary>New labeled data uploaded to <c>incoming/{model}/</c>.</summary>
    NewData,

    /// <summary>The <c>retrain</c> command line.</summary>
    CommandLine,

    /// <summary>A trigger that arrived while a run was in progress; the orchestrator continued as new.</summary>
    Coalesced,
}
