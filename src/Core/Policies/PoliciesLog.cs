using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Policies;

/// <summary>Log messages of retraining policies (EventIds 1200–1299).</summary>
internal static partial class PoliciesLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Decision {DecisionId} of model {Model}: {Verdict} ({Hold}): {Reason}")]
    public static partial void Decided(ILogger logger, string model, string decisionId, RetrainVerdict verdict, PolicyHold hold, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Decision {DecisionId} of model {Model}: production {Version} scored {Rows} new labeled rows, {Errors} error(s)")]
    public static partial void ErrorsRead(ILogger logger, string model, string decisionId, string version, int rows, double errors);
}
