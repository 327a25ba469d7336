using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Approval;

namespace RetrainFunctions.Api;

/// <summary>Log messages of the HTTP API (EventIds 4100–4149).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Approval decision for model {Model} by {By}: {Status} (instance {InstanceId})")]
    public static partial void ApprovalSubmitted(ILogger logger, string model, string by, ApprovalStatus status, string instanceId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Model {Model} cannot be served")]
    public static partial void NotServable(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Model {Model} is left out of the model list: its spec is unusable")]
    public static partial void SpecUnusable(ILogger logger, Exception exception, string model);
}
