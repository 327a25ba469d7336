using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>Log messages of candidate training (EventIds 500–599).</summary>
internal static partial class TrainingLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: training candidate {Trainer} for {Task}")]
    public static partial void Training(ILogger logger, string model, string runId, TrainerKind trainer, ModelTask task);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: candidate {Trainer} fitted on {TrainRows} rows in {Seconds:0.00} s and written to {Path}")]
    public static partial void Trained(ILogger logger, string model, string runId, TrainerKind trainer, int trainRows, double seconds, string path);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: candidate {Trainer} validation metrics {Metrics}")]
    public static partial void Validated(ILogger logger, string model, string runId, TrainerKind trainer, string metrics);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model}: candidate {Trainer} has no defined {Metrics} on the validation split (for example one class only); omitted")]
    public static partial void MetricsUndefined(ILogger logger, string model, string runId, TrainerKind trainer, string metrics);
}
