using Microsoft.Extensions.Logging;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Functions;

/// <summary>Log messages of the Functions app (EventIds 3000–3099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Scheduled retraining of model {Model}: {Kind} as instance {InstanceId}")]
    public static partial void ScheduledRunRequested(ILogger logger, string model, RunStartKind kind, string instanceId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Model {Model} is not retrained on schedule (trigger.onSchedule is false)")]
    public static partial void ScheduleDisabled(ILogger logger, string model);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Model {Model} has no usable spec; not retrained on schedule")]
    public static partial void ScheduledModelSpecUnusable(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Scheduled retraining considered {Count} model(s)")]
    public static partial void ScheduleTickCompleted(ILogger logger, int count);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "New data {BlobName} for model {Model}: {Kind} as instance {InstanceId}")]
    public static partial void NewDataRunRequested(ILogger logger, string model, string blobName, RunStartKind kind, string instanceId);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Ignoring upload {BlobName}: {Model} is not a valid model name ({Problem})")]
    public static partial void NewDataInvalidModel(ILogger logger, string model, string blobName, string problem);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "New data {BlobName} for model {Model} starts no run (trigger.onNewData is false); the next run collects it")]
    public static partial void NewDataTriggerDisabled(ILogger logger, string model, string blobName);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "New data {BlobName} for model {Model} starts no run: the model has no usable spec")]
    public static partial void NewDataModelSpecUnusable(ILogger logger, Exception exception, string model, string blobName);
}
