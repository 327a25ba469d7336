using System.CommandLine;
using RetrainFunctions.Cli.Commands;

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
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(BenchServeCommand.Create());
        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(RollbackCommand.Create());
        return root;
    }
}
