using System.Runtime.ExceptionServices;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Hosting;

/// <summary>
/// Starts retraining runs through a <see cref="DurableTaskClient"/>, at most one per model: the instance id is
/// <see cref="RetrainInstanceIds.For"/> the model, and a request arriving while that instance is pending, running or
/// suspended is raised on it as <see cref="RetrainEvents.RetrainRequested"/> instead of starting a parallel run
/// (the orchestrator continues as new when the current run ends). Every host — the Functions triggers, the
/// command line, the tests — starts runs through this class.
/// </summary>
/// <remarks>
/// Two starters racing for the same model are resolved by the backend's deduplication: the instance is scheduled
/// with <see cref="StartOrchestrationOptions.DedupeStatuses"/> of the active statuses, so the loser gets an error,
/// sees the winner's instance active and coalesces into it. A request raised on an instance that ends before it
/// observes the event would be lost; the starter re-checks the status after raising and starts a new run in that
/// case (at worst one extra run, which skips when there is no new data).
/// </remarks>
public sealed class RunStarter
{
    private const int MaxAttempts = 3;

    private static readonly OrchestrationRuntimeStatus[] ActiveStatuses =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
    ];

    private readonly DurableTaskClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RunStarter"/> class.</summary>
    /// <param name="client">The Durable client of the task hub running <see cref="RetrainOrchestrator"/>.</param>
    /// <param name="timeProvider">The clock stamping requests and timing waits.</param>
    /// <param name="logger">The logger.</param>
    public RunStarter(DurableTaskClient client, TimeProvider timeProvider, ILogger<RunStarter> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Starts a run of <paramref name="request"/>'s model, or coalesces the request into the run in progress.
    /// </summary>
    /// <param name="request">The request; its model name must be valid (<see cref="ModelName"/>).</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>Which instance handles the request and whether it was started or coalesced.</returns>
    /// <exception cref="ArgumentException">The model name is invalid.</exception>
    public async Task<RunStart> StartAsync(RetrainRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ModelName.Validate(request.Model, nameof(request));
        var instanceId = RetrainInstanceIds.For(request.Model);
        var requestedAt = _timeProvider.GetUtcNow();

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await _client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (existing is not null && IsActive(existing.RuntimeStatus))
            {
                var coalesced = await CoalesceAsync(request, instanceId, requestedAt, cancellationToken);
                if (coalesced is not null)
                {
                    return coalesced;
                }

                continue;
            }

            try
            {
                var run = request with { RunId = RetrainInstanceIds.NewRunId(requestedAt.UtcDateTime, Guid.NewGuid()) };
                var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(ActiveStatuses) with { Version = RetrainOrchestrator.CurrentVersion };
                await _client.ScheduleNewOrchestrationInstanceAsync(nameof(RetrainOrchestrator), run, options, cancellationToken);
                Log.RunStarted(_logger, request.Model, instanceId, run.RunId, request.Trigger, request.RequestedBy);
                return new RunStart(request.Model, instanceId, RunStartKind.Started, OrchestrationRuntimeStatus.Pending, requestedAt, run.RunId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The backend refused because another starter scheduled the instance first (OrchestrationAlreadyExistsException,
                // possibly wrapped by the host): coalesce into it. Anything else is not ours to hide.
                var now = await _client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
                if (now is null || !IsActive(now.RuntimeStatus))
                {
                    ExceptionDispatchInfo.Throw(ex);
                }

                Log.StartRaced(_logger, ex, request.Model, instanceId);
            }
        }

        throw new OrchestrationAlreadyExistsException(
            $"Could not start or join a run of model '{request.Model}' (instance {instanceId}) after {MaxAttempts} attempts: runs kept starting and ending concurrently.");
    }

    /// <summary>
    /// Waits until instance <paramref name="instanceId"/> completes and returns its <see cref="RunRecord"/>. After
    /// coalesced requests the instance continues as new; the record returned is that of the last generation.
    /// </summary>
    /// <param name="instanceId">The instance id, as returned in <see cref="RunStart.InstanceId"/>.</param>
    /// <param name="timeout">How long to wait at most. <value>Default: no limit beyond <paramref name="cancellationToken"/>.</value></param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The run record of the last run.</returns>
    /// <exception cref="InvalidOperationException">The instance does not exist, failed or was terminated.</exception>
    /// <exception cref="OperationCanceledException">The timeout elapsed or <paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RunRecord> WaitForRunAsync(string instanceId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        using var timeoutSource = timeout is { } limit
            ? new CancellationTokenSource(limit, _timeProvider)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);

        var metadata = await _client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, linked.Token);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException(
                $"Retraining instance {instanceId} ended {metadata.RuntimeStatus} without a run record: {metadata.FailureDetails?.ToString() ?? "no failure details"}");
        }

        var record = metadata.ReadOutputAs<RunRecord>()
            ?? throw new InvalidOperationException($"Retraining instance {instanceId} completed without a run record.");
        Log.RunCompleted(_logger, record.Model, instanceId, record.RunId, record.Outcome);
        return record;
    }

    private static bool IsActive(OrchestrationRuntimeStatus status) => Array.IndexOf(ActiveStatuses, status) >= 0;

    private async Task<RunStart?> CoalesceAsync(RetrainRequest request, string instanceId, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        await _client.RaiseEventAsync(instanceId, RetrainEvents.RetrainRequested, request, cancellationToken);

        // If the run ended before it could see the event, the event is dropped with it: report that and start anew.
        var after = await _client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (after is null || !IsActive(after.RuntimeStatus))
        {
            Log.RunEndedWhileCoalescing(_logger, request.Model, instanceId, after?.RuntimeStatus ?? OrchestrationRuntimeStatus.Terminated);
            return null;
        }

        // The run in progress continues as new when it ends, as the follow-up of its run id: that run covers this request.
        var current = CurrentRunId(after);
        var next = current is null ? null : RetrainInstanceIds.FollowUpRunId(current);
        Log.RunCoalesced(_logger, request.Model, instanceId, next, request.Trigger, request.RequestedBy, after.RuntimeStatus);
        return new RunStart(request.Model, instanceId, RunStartKind.Coalesced, after.RuntimeStatus, requestedAt, next);
    }

    /// <summary>The run id of the instance's current generation: from its input, else from the progress it reports.</summary>
    private static string? CurrentRunId(OrchestrationMetadata instance) =>
        (instance.SerializedInput is null ? null : instance.ReadInputAs<RetrainRequest>()?.RunId)
        ?? (instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>()?.RunId);
}
