using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Log messages of evaluation and scoring (EventIds 600–699).</summary>
internal static partial class EvaluationLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: challenger {Trainer} chosen on validation {Metric} among {Candidates} candidate(s)")]
    public static partial void ChallengerChosen(ILogger logger, string model, string runId, TrainerKind trainer, EvaluationMetric metric, int candidates);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: {Role} scored on {HoldoutRows} comparison rows: {Metrics}")]
    public static partial void Scored(ILogger logger, string model, string runId, string role, int holdoutRows, string metrics);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: no production model; the challenger is judged on the threshold only")]
    public static partial void NoProduction(ILogger logger, string model, string runId);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model}: production {Version} cannot score the comparison rows: {Problem}")]
    public static partial void ProductionUnscorable(ILogger logger, Exception? exception, string model, string runId, string version, string problem);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: gate decided {Decision}: {Reason}; report {ReportPath}")]
    public static partial void Decided(ILogger logger, string model, string runId, GateDecision decision, string reason, string reportPath);

    [LoggerMessage(EventId = 605, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: evidence {Method}; {Slices} slice(s) compared, {Regressed} regressed")]
    public static partial void Evidence(ILogger logger, string model, string runId, string method, int slices, int regressed);

    [LoggerMessage(EventId = 606, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model}: production {Version} is worse than a trivial baseline: {Finding}")]
    public static partial void ProductionWorseThanBaseline(ILogger logger, string model, string runId, string version, string finding);

    [LoggerMessage(EventId = 660, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: refit {Trainer} smoke check accepted {Accepted}: {Reason}")]
    public static partial void Refitted(ILogger logger, string model, string runId, TrainerKind trainer, bool accepted, string reason);

    [LoggerMessage(EventId = 650, Level = LogLevel.Information, Message = "Model {Model}: {ModelPath} scored on {DataPath} ({Rows} rows): {Metrics}")]
    public static partial void ModelScored(ILogger logger, string model, string modelPath, string dataPath, int rows, string metrics);
}
