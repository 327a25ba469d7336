using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Log messages of <see cref="LiveQualityReader"/> (evaluation's EventId range, 670–679).</summary>
internal static partial class LiveQualityLog
{
    [LoggerMessage(EventId = 670, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model}: version {Version} cannot be rescored on the run's comparison rows; its recorded figures are shown without intervals")]
    public static partial void Unscorable(ILogger logger, Exception exception, string model, string runId, string version);
}
