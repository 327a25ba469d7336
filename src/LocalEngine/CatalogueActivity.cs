using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.LocalEngine;

/// <summary>
/// An activity of <see cref="RetrainActivities"/> run by the in-process engine, its service resolved from the worker's
/// services. Each execution logs where it ran (process id and machine, at Information): when several processes share
/// one task hub, the logs show which of them executed which step of a run. The same moments go to the engine's
/// <see cref="ActivityExecutionMonitor"/>, for hosts that show the work as it happens.
/// </summary>
internal sealed class CatalogueActivity(IRetrainActivity activity, IServiceProvider services) : ITaskActivity
{
    private readonly ILogger _logger = services.GetService<ILoggerFactory>()?.CreateLogger<CatalogueActivity>() ?? NullLogger<CatalogueActivity>.Instance;
    private readonly ActivityExecutionMonitor? _monitor = services.GetService<ActivityExecutionMonitor>();

    public Type InputType => activity.InputType;

    public Type OutputType => activity.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        Log.ActivityStarted(_logger, activity.Name, context.InstanceId, Environment.ProcessId, Environment.MachineName);
        _monitor?.Report(new(activity.Name, context.InstanceId, input, ActivityExecutionState.Started, TimeSpan.Zero));
        var clock = Stopwatch.StartNew();
        object? output;
        try
        {
            output = await activity.RunAsync(services, input, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Reported and rethrown: the orchestrator's retry policy and failure handling decide what happens next.
            Log.ActivityFailed(_logger, ex, activity.Name, context.InstanceId, Environment.ProcessId, Environment.MachineName, clock.ElapsedMilliseconds);
            _monitor?.Report(new(activity.Name, context.InstanceId, input, ActivityExecutionState.Failed, clock.Elapsed));
            throw;
        }

        Log.ActivityCompleted(_logger, activity.Name, context.InstanceId, Environment.ProcessId, Environment.MachineName, clock.ElapsedMilliseconds);
        _monitor?.Report(new(activity.Name, context.InstanceId, input, ActivityExecutionState.Completed, clock.Elapsed));
        return output;
    }
}
