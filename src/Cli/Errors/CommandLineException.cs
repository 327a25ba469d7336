namespace RetrainFunctions.Cli.Errors;

/// <summary>
/// A command cannot go on for a reason the person at the terminal can fix; <see cref="RetrainCommandLine.InvokeAsync"/>
/// prints the message as one <c>error:</c> line and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class CommandLineException : Exception
{
    public CommandLineException()
        : this("The command failed.", ExitCode.Failed)
    {
    }

    public CommandLineException(string message)
        : this(message, ExitCode.UsageError)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCode.UsageError;
    }

    public CommandLineException(string message, ExitCode exitCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>Gets the exit code to end with.</summary>
    public ExitCode ExitCode { get; }
}
