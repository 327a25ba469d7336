using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Drift;

/// <summary>Log messages of profiling and drift (EventIds 4400–4499).</summary>
internal static partial class DriftLog
{
    [LoggerMessage(EventId = 4400, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: drift vs {Reference}: {Drifted} ({Share} of features), drifted features: {Features}")]
    public static partial void DriftMeasured(ILogger logger, string model, string runId, string reference, bool drifted, double share, string features);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: drift not measured: {Reason}")]
    public static partial void DriftNotMeasured(ILogger logger, string model, string runId, string reason);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: profiled {Path} ({Rows} rows)")]
    public static partial void Profiled(ILogger logger, string model, string runId, string path, long rows);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model}: prediction drift not measured: production version {Version} cannot score the new data")]
    public static partial void PredictionNotMeasured(ILogger logger, string model, string runId, string version, Exception exception);
}
