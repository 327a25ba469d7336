using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace RetrainFunctions.Cli.Logging;

/// <summary>Registers the console logger of every <c>retrain</c> host with <see cref="OneLineConsoleFormatter"/>.</summary>
internal static class OneLineLoggingBuilderExtensions
{
    /// <summary>Logs to the console (standard error), one line per entry, no stack traces.</summary>
    public static ILoggingBuilder AddOneLineConsole(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddConsole(o =>
            {
                o.FormatterName = OneLineConsoleFormatter.FormatterName;
                o.LogToStandardErrorThreshold = LogLevel.Trace;
            })
            .AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>();
    }
}
