using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>Log messages of interrupted-run recovery (EventIds 1080–1089).</summary>
internal static partial class RecoveryLog
{
    [LoggerMessage(EventId = 1080, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model} was interrupted before it recorded an outcome; {Batches} batch(es) sent back to incoming/")]
    public static partial void Interrupted(ILogger logger, string model, string runId, int batches);

    [LoggerMessage(EventId = 1081, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model} stopped after deploying version {Version}; recorded from the pointer history")]
    public static partial void DeployedBeforeInterruption(ILogger logger, string model, string runId, string version);
}
