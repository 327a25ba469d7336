using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using RetrainFunctions.Cli.Errors;

namespace RetrainFunctions.Cli.Logging;

/// <summary>
/// The command line's log format: <c>warn: message (what the exception said)</c>, one line per entry, never a stack
/// trace (the console is for people; the run record keeps the evidence).
/// </summary>
internal sealed class OneLineConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's registered name.</summary>
    public const string FormatterName = "retrain-one-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? string.Empty;
        var line = ErrorReport.OneLine(message);
        if (logEntry.Exception is { } exception)
        {
            var (described, _) = ErrorReport.Describe(exception);
            line = line.Length == 0 ? described : $"{line} ({described})";
        }

        textWriter.WriteLine($"{Level(logEntry.LogLevel)}: {line}");
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };
}
