using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Features;

/// <summary>Log messages of feature engineering (EventIds 400–499).</summary>
internal static partial class FeaturesLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: fitting the featurizer on {TrainPath}")]
    public static partial void Fitting(ILogger logger, string model, string runId, string trainPath);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: categorical {Column} has {Cardinality} training values; encoded with {Encoding}")]
    public static partial void CategoricalEncoded(ILogger logger, string model, string runId, string column, string cardinality, string encoding);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: featurizer with {FeatureSlots} slots written to {Path} in {Seconds:0.00} s")]
    public static partial void Saved(ILogger logger, string model, string runId, int featureSlots, string path, double seconds);
}
