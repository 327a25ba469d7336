using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Hosting;

/// <summary>Log messages of the hosting layer (EventIds 2000–2099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Started retraining of model {Model} as instance {InstanceId}, run {RunId} ({Trigger}, requested by {RequestedBy})")]
    public static partial void RunStarted(ILogger logger, string model, string instanceId, string? runId, RunTrigger trigger, string? requestedBy);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Coalesced a {Trigger} request for model {Model} (requested by {RequestedBy}) into running instance {InstanceId} ({Status}); it continues as new as run {RunId} when the current run ends")]
    public static partial void RunCoalesced(ILogger logger, string model, string instanceId, string? runId, RunTrigger trigger, string? requestedBy, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Another starter scheduled instance {InstanceId} of model {Model} at the same time; coalescing into it")]
    public static partial void StartRaced(ILogger logger, Exception exception, string model, string instanceId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Instance {InstanceId} of model {Model} ended ({Status}) while a request was raised on it; starting a new run so the request is not lost")]
    public static partial void RunEndedWhileCoalescing(ILogger logger, string model, string instanceId, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Instance {InstanceId} of model {Model} completed run {RunId}: {Outcome}")]
    public static partial void RunCompleted(ILogger logger, string model, string instanceId, string runId, RunOutcome? outcome);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Model {Model}: candidate {CandidateVersion} awaits approval (evaluation sha256 {EvaluationDigest}); the wait is published in the store")]
    public static partial void ApprovalAwaited(ILogger logger, string model, string candidateVersion, string evaluationDigest);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Model {Model}: delivered the decision on candidate {CandidateVersion} (approved {Approved}, by {By}) from the store to instance {InstanceId}")]
    public static partial void ApprovalDelivered(ILogger logger, string model, string candidateVersion, bool approved, string by, string instanceId);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Relaying approvals between the store and the engine failed; retrying on the next round")]
    public static partial void ApprovalRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Run of model {Model} requested ({Trigger}): {Kind} as instance {InstanceId}")]
    public static partial void RunRequested(ILogger logger, string model, RunTrigger trigger, RunStartKind kind, string instanceId);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Scheduled retraining of model {Model}: {Kind} as instance {InstanceId}")]
    public static partial void ScheduledRunRequested(ILogger logger, string model, RunStartKind kind, string instanceId);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Information, Message = "Model {Model} is not retrained on schedule (trigger.onSchedule is false)")]
    public static partial void ScheduleDisabled(ILogger logger, string model);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Warning, Message = "Model {Model} has no usable spec; not retrained on schedule")]
    public static partial void ScheduledModelSpecUnusable(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 2043, Level = LogLevel.Information, Message = "Scheduled retraining considered {Count} model(s)")]
    public static partial void ScheduleTickCompleted(ILogger logger, int count);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Information, Message = "New data {BlobName} for model {Model}: {Kind} as instance {InstanceId}")]
    public static partial void NewDataRunRequested(ILogger logger, string model, string blobName, RunStartKind kind, string instanceId);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Warning, Message = "Ignoring upload {BlobName}: {Model} is not a valid model name ({Problem})")]
    public static partial void NewDataInvalidModel(ILogger logger, string model, string blobName, string problem);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Information, Message = "New data {BlobName} for model {Model} starts no run (trigger.onNewData is false); the next run collects it")]
    public static partial void NewDataTriggerDisabled(ILogger logger, string model, string blobName);

    [LoggerMessage(EventId = 2053, Level = LogLevel.Warning, Message = "New data {BlobName} for model {Model} starts no run: the model has no usable spec")]
    public static partial void NewDataModelSpecUnusable(ILogger logger, Exception exception, string model, string blobName);
}
