using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Functions.Triggers;

/// <summary>
/// Timer trigger: on the <c>RetrainSchedule</c> app setting (NCRONTAB with seconds; weekly <c>0 0 0 * * 0</c> in the
/// sample settings), starts — or coalesces into the run in progress — a run of every model whose spec has
/// <c>trigger.onSchedule</c>.
/// </summary>
public sealed class ScheduledRetrain(ModelSpecStore specs, RunStarterFactory starters, ILogger<ScheduledRetrain> logger)
{
    /// <summary>Requests a scheduled run of every model that wants one.</summary>
    [Function(nameof(ScheduledRetrain))]
    public async Task Run(
        [TimerTrigger("%RetrainSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var starter = starters.Create(client);
        var models = await specs.ListModelsAsync(cancellationToken);
        foreach (var model in models)
        {
            ModelSpec spec;
            try
            {
                (spec, _) = await specs.LoadAsync(model, cancellationToken);
            }
            catch (ModelSpecException ex)
            {
                // One broken spec must not keep the other models from their schedule; the warning says which and why.
                Log.ScheduledModelSpecUnusable(logger, ex, model);
                continue;
            }

            if (!spec.Trigger.OnSchedule)
            {
                Log.ScheduleDisabled(logger, model);
                continue;
            }

            var start = await starter.StartAsync(new RetrainRequest(model, RunTrigger.Schedule, RequestedBy: "schedule"), cancellationToken);
            Log.ScheduledRunRequested(logger, model, start.Kind, start.InstanceId);
        }

        Log.ScheduleTickCompleted(logger, models.Count);
    }
}
