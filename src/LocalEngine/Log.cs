using Microsoft.Extensions.Logging;

namespace RetrainFunctions.LocalEngine;

/// <summary>Log messages of the local engine (EventIds 2100–2199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Local Durable engine ({Backend}) listening on {Address}, at most {MaxConcurrentActivities} concurrent activities")]
    public static partial void EngineStarted(ILogger logger, LocalEngineBackend backend, Uri address, int maxConcurrentActivities);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Local Durable engine on {Address} stopped")]
    public static partial void EngineStopped(ILogger logger, Uri address);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Durable task hub {TaskHub} ready (Azure Storage backend, worker {WorkerId})")]
    public static partial void TaskHubReady(ILogger logger, string taskHub, string workerId);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Renewed the lock of activity work item {WorkItemId}")]
    public static partial void ActivityLockRenewed(ILogger logger, string workItemId);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItemId}; retrying on the next interval")]
    public static partial void ActivityLockRenewalFailed(ILogger logger, Exception exception, string workItemId);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Diagnostics: every activity is delayed by {Delay} before and after its work (DiagnosticActivityDelay)")]
    public static partial void DiagnosticDelayActive(ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Information, Message = "Activity {ActivityName} of instance {InstanceId} started in process {ProcessId} on {MachineName}")]
    public static partial void ActivityStarted(ILogger logger, string activityName, string instanceId, int processId, string machineName);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Information, Message = "Activity {ActivityName} of instance {InstanceId} completed in process {ProcessId} on {MachineName} after {ElapsedMilliseconds} ms")]
    public static partial void ActivityCompleted(ILogger logger, string activityName, string instanceId, int processId, string machineName, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Information, Message = "Activity {ActivityName} of instance {InstanceId} failed in process {ProcessId} on {MachineName} after {ElapsedMilliseconds} ms")]
    public static partial void ActivityFailed(ILogger logger, Exception exception, string activityName, string instanceId, int processId, string machineName, long elapsedMilliseconds);
}
