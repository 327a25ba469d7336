using System.Net.Http;
using System.Text.RegularExpressions;
using Azure;
using Microsoft.Extensions.Options;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Cli.Errors;

/// <summary>
/// Turns whatever stopped a command into one line for people and an <see cref="ExitCode"/>: the message of the
/// exception that says what went wrong, never a stack trace and never an internal type name.
/// </summary>
internal static partial class ErrorReport
{
    /// <summary>The one-line message (without the <c>error: </c> prefix) and the exit code for <paramref name="exception"/>.</summary>
    public static (string Message, ExitCode ExitCode) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            return Describe(aggregate.InnerExceptions[0]);
        }

        return exception switch
        {
            CommandLineException e => (OneLine(e.Message), e.ExitCode),
            ModelSpecException or CsvFormatException or OptionsValidationException => (OneLine(exception.Message), ExitCode.UsageError),
            OperationCanceledException => ("cancelled.", ExitCode.Cancelled),
            HttpRequestException e => ($"cannot reach the server: {OneLine(e.Message)}", ExitCode.Failed),
            RequestFailedException e => ($"Azure Storage answered {e.Status} ({e.ErrorCode ?? "no error code"}): {FirstLine(e.Message)}", ExitCode.Failed),
            IOException e when e.InnerException?.GetType().Name == "AddressInUseException" => ($"{OneLine(e.Message)} Pick another address with --urls.", ExitCode.Failed),
            UnauthorizedAccessException e => ($"permission denied: {OneLine(e.Message)}", ExitCode.Failed),
            _ => (OneLine(exception.Message), ExitCode.Failed),
        };
    }

    /// <summary>
    /// A parse error of System.CommandLine without the .NET type it expected (<c>as expected type
    /// 'System.Nullable`1[System.Double]'</c>) and with its suggestions on the same line.
    /// </summary>
    public static string CleanParseError(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var withoutType = ExpectedType().Replace(message, string.Empty);
        var lines = withoutType.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 1 && lines[0].EndsWith("Did you mean one of the following?", StringComparison.Ordinal))
        {
            return $"{lines[0][..^"Did you mean one of the following?".Length].TrimEnd()} Allowed: {string.Join(", ", lines[1..])}.";
        }

        return string.Join(" ", lines);
    }

    /// <summary>A message on one line: its lines joined, list bullets (<c>- </c>) turned into <c>; </c>-separated items.</summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length <= 1)
        {
            return message.Trim();
        }

        var items = lines[1..].Select(l => l.StartsWith("- ", StringComparison.Ordinal) ? l[2..] : l).ToList();
        return $"{lines[0]} {string.Join("; ", items.Take(items.Count - 1).Select(i => i.TrimEnd('.')).Append(items[^1]))}";
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@" as expected type '[^']*'")]
    private static partial Regex ExpectedType();
}
