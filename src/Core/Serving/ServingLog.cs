using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Serving;

/// <summary>Log messages of serving (EventIds 4000–4049).</summary>
internal static partial class ServingLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Model {Model} now serves version {Version} (run {RunId}) after {ElapsedMs} ms of loading")]
    public static partial void VersionLoaded(ILogger logger, string model, string version, string runId, long elapsedMs);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Model {Model} swapped from version {PreviousVersion} to {Version}")]
    public static partial void VersionSwapped(ILogger logger, string model, string? previousVersion, string version);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Model {Model}: refreshing the production version failed; still serving {Version}")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string model, string? version);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Model {Model} has no production version yet")]
    public static partial void NoProduction(ILogger logger, string model);
}
