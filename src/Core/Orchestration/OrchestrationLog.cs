using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>Log messages of the orchestration (EventIds 1000–1099).</summary>
internal static partial class OrchestrationLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} started by {Trigger}")]
    public static partial void RunStarted(ILogger logger, string model, string runId, RunTrigger trigger);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} ended {Outcome}: {Reason}")]
    public static partial void RunEnded(ILogger logger, string model, string runId, RunOutcome? outcome, string? reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Run record of run {RunId} of model {Model} written to {Path}")]
    public static partial void RunRecorded(ILogger logger, string model, string runId, string path);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Run record of run {RunId} of model {Model} was already written to {Path} by an earlier attempt; kept as it is")]
    public static partial void RunAlreadyRecorded(ILogger logger, string model, string runId, string path);
}
