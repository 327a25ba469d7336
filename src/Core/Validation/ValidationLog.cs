using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Validation;

/// <summary>Log messages of validation (EventIds 300–399).</summary>
internal static partial class ValidationLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} accepted batch {BatchId} ({File}): {Rows} rows, {Warnings} warning(s)")]
    public static partial void BatchAccepted(ILogger logger, string model, string runId, string batchId, string file, int rows, int warnings);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model} quarantined batch {BatchId} ({File}): {Reason}")]
    public static partial void BatchQuarantined(ILogger logger, string model, string runId, string batchId, string file, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} checked the labels of {BatchPath} against production: {Verdict}: {Reason}")]
    public static partial void LabelAgreementJudged(ILogger logger, string model, string runId, string batchPath, LabelAgreementVerdict verdict, string reason);
}
