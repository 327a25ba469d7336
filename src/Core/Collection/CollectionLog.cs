using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Collection;

/// <summary>Log messages of collection (EventIds 200–299).</summary>
internal static partial class CollectionLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} collected {File} as batch {BatchId} ({Bytes} bytes)")]
    public static partial void BatchCollected(ILogger logger, string model, string runId, string file, string batchId, long bytes);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} ignored {File}: same content as batch {BatchId}")]
    public static partial void DuplicateIgnored(ILogger logger, string model, string runId, string file, string batchId);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model} refused {File}: {Bytes} bytes is over the limit of {Limit}; moved to quarantine")]
    public static partial void FileRefused(ILogger logger, string model, string runId, string file, long bytes, long limit);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model} refused {File}: not readable as Parquet ({Problem}); moved to quarantine")]
    public static partial void ParquetRefused(ILogger logger, string model, string runId, string file, string problem);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} assembled snapshot {Digest}: {Batches} batches, {Train}/{Validation}/{Holdout} train/validation/holdout rows")]
    public static partial void SnapshotAssembled(ILogger logger, string model, string runId, string digest, int batches, int train, int validation, int holdout);
}
