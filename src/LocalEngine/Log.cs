using Microsoft.Extensions.Logging;

namespace RetrainFunctions.LocalEngine;

/// <summary>Log messages of the local engine (EventIds 2100–2199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Local Durable engine ({Backend}) listening on {Address}, at most {MaxConcurrentActivities} concurrent activities")]
    public static partial void EngineStarted(ILogger logger, LocalEngineBackend backend, Uri address, int maxConcurrentActivities);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Local Durable engine on {Address} stopped")]
    public static partial void EngineStopped(ILogger logger, Uri address);
}
