using System.CommandLine;
using RetrainFunctions.Cli.Commands;
using RetrainFunctions.Cli.Errors;

namespace RetrainFunctions.Cli;

/// <summary>The <c>retrain</c> command tree.</summary>
public static class RetrainCommandLine
{
    /// <summary>Creates the root command with every subcommand.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("RetrainFunctions: keep ML.NET models accurate while the data drifts. The same durable orchestrator as the Azure Functions app, on an in-process Durable Task engine.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DriftReplayCommand.Create());
        root.Subcommands.Add(DriftBenchmarkCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(SpecCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(BenchServeCommand.Create());
        foreach (var listing in ListingCommands.Create())
        {
            root.Subcommands.Add(listing);
        }

        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(ApproveCommand.CreateReject());
        root.Subcommands.Add(RollbackCommand.Create());
        root.Subcommands.Add(GcCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. Whatever goes wrong ends as one <c>error: ...</c> line on standard error
    /// and a documented <see cref="ExitCode"/>: parse errors are usage errors, exceptions are described by
    /// <see cref="ErrorReport"/>; no stack trace reaches the terminal.
    /// </summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var help = command is RootCommand ? "retrain --help" : $"retrain {command.Name} --help";
            var errors = string.Join(" ", parse.Errors.Select(e => ErrorReport.CleanParseError(e.Message)).Distinct(StringComparer.Ordinal));
            await Console.Error.WriteLineAsync($"error: {errors} See '{help}'.");
            return (int)ExitCode.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken);
        }
#pragma warning disable CA1031 // The one place every failure becomes a message and an exit code.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var (message, exitCode) = ErrorReport.Describe(ex);
            await Console.Out.FlushAsync(CancellationToken.None);
            await Console.Error.WriteLineAsync($"error: {message}");
            return (int)exitCode;
        }
    }
}
