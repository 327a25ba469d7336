using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Log messages of deployment (EventIds 700–799).</summary>
internal static partial class DeploymentLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Run {RunId} of model {Model} deployed version {Version} (previous {PreviousVersion})")]
    public static partial void Deployed(ILogger logger, string model, string runId, string version, string? previousVersion);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Run {RunId} of model {Model} did not deploy version {Version}: {Reason}")]
    public static partial void NotDeployed(ILogger logger, string model, string runId, string version, string reason);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Model {Model} rolled back from {PreviousVersion} to {Version} by {By} ({RunId})")]
    public static partial void RolledBack(ILogger logger, string model, string runId, string version, string? previousVersion, string by);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Run {RunId} of model {Model}: probation of version {Version} judged, rolled back {RolledBack}: {Reason}")]
    public static partial void ProbationJudged(ILogger logger, string model, string runId, string version, bool rolledBack, string reason);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "Rollback of model {Model} to version {Version} asked by {By} refused")]
    public static partial void RollbackRefused(ILogger logger, Exception exception, string model, string version, string by);
}
