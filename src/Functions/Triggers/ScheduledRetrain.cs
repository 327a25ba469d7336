using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Functions.Triggers;

/// <summary>
/// Timer trigger: on the <c>RetrainSchedule</c> app setting (NCRONTAB with seconds; weekly <c>0 0 0 * * 0</c> in the
/// sample settings), starts — or coalesces into the run in progress — a run of every model whose spec has
/// <c>trigger.onSchedule</c> (<see cref="RetrainRunRequests.RequestScheduledRunsAsync"/>).
/// </summary>
public sealed class ScheduledRetrain(RetrainRunRequests runs)
{
    /// <summary>Requests a scheduled run of every model that wants one.</summary>
    [Function(nameof(ScheduledRetrain))]
    public Task Run(
        [TimerTrigger("%RetrainSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        runs.RequestScheduledRunsAsync(client, cancellationToken);
}
