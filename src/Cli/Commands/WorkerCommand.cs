using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain worker</c>: hosts the Durable engine's workers on a shared Azure Storage task hub and starts nothing. Runs
/// started by any process on that hub (<c>retrain run</c>, <c>retrain serve</c>) have their orchestration episodes and
/// activities — the candidate fan-out above all — shared by every process polling the hub; the task hub's queues
/// distribute the work and a killed worker's activity is handed to another one when its lock expires. The worker takes
/// no run lease: one run per model is still the starters' rule.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command(
            "worker",
            "Execute the runs of a shared Durable task hub (--durable-connection) beside the processes that start them: orchestrations and activities, candidates in parallel. Starts no run; Ctrl+C stops.");
        var store = StoreSelection.AddTo(command).WithEngineOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            store.EnsureExists(parse);
            var engine = store.Engine(parse);
            if (!engine.IsDurable)
            {
                throw new CommandLineException("worker: needs --durable-connection (or Engine__DurableConnection): an in-memory engine shares no work with other processes.");
            }

            var options = engine.ToEngineOptions();
            await using var pipeline = await LocalPipeline.StartAsync(
                services =>
                {
                    store.Configure(services, parse);

                    // A worker says what it executes: one line per activity started and completed.
                    services.AddLogging(b => b.AddFilter(typeof(LocalEngine.LocalDurableEngine).Namespace, LogLevel.Information));
                },
                options,
                cancellationToken);
            Console.WriteLine($"Store: {store.Describe(parse)}");
            Console.WriteLine($"Engine: {engine.Describe()}");
            Console.WriteLine($"Worker: process {Environment.ProcessId} on {Environment.MachineName}, at most {options.MaxConcurrentActivities} activities at once; waiting for work (Ctrl+C stops).");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: an activity in progress is not completed here; its lock expires and another worker runs it.
            }

            return 0;
        });
        return command;
    }
}
