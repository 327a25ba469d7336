using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RetrainFunctions.LocalEngine;

/// <summary>
/// Wraps a backend for the gRPC sidecar's dispatchers so that fan-outs do not stall, while still capping how many
/// activities run at once.
/// </summary>
/// <remarks>
/// The sidecar's dispatchers stop fetching when their work-item count reaches the backend's reported cap and then poll
/// every 500 ms; the in-memory backend reports <see cref="Environment.ProcessorCount"/>, so 200 fanned-out no-op
/// activities took 49 s on two cores. This wrapper reports <see cref="ReportedCap"/> instead, and enforces the real
/// activity limit itself with a semaphore awaited before each dequeue: a slot freed by a completed (or abandoned)
/// activity lets the next one through at once, without polling.
/// <para>
/// The sidecar never renews an activity's lock; a backend whose locks expire (Azure Storage queue visibility) would
/// hand a long activity to a second worker. With a renewal interval, this wrapper renews each dequeued activity's lock
/// on that interval until the activity is completed or abandoned.
/// </para>
/// </remarks>
internal sealed class ConcurrencyCappedOrchestrationService : IOrchestrationService, IDisposable
{
    /// <summary>The cap reported to the dispatchers: high enough never to be reached.</summary>
    public const int ReportedCap = 1000;

    private readonly IOrchestrationService _inner;
    private readonly SemaphoreSlim _activitySlots;
    private readonly ConcurrentDictionary<TaskActivityWorkItem, LockRenewal?> _slotHolders = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan? _renewEvery;
    private readonly ILogger _logger;

    public ConcurrencyCappedOrchestrationService(IOrchestrationService inner, int maxConcurrentActivities, TimeSpan? renewActivityLocksEvery = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentActivities, 1);
        if (renewActivityLocksEvery is { } every)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(renewActivityLocksEvery));
        }

        _inner = inner;
        _activitySlots = new SemaphoreSlim(maxConcurrentActivities, maxConcurrentActivities);
        _renewEvery = renewActivityLocksEvery;
        _logger = logger ?? NullLogger.Instance;
    }

    public int TaskOrchestrationDispatcherCount => _inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => ReportedCap;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => _inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => _inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => ReportedCap;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await _activitySlots.WaitAsync(cancellationToken);
        TaskActivityWorkItem? workItem = null;
        try
        {
            workItem = await _inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        }
        finally
        {
            if (workItem is null)
            {
                // Nothing dequeued (timeout, cancellation or failure): the slot is free again.
                _activitySlots.Release();
            }
        }

        if (workItem is not null)
        {
            _slotHolders[workItem] = _renewEvery is { } every ? new LockRenewal(this, workItem, every) : null;
        }

        return workItem!;
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await StopRenewalAsync(workItem);
        try
        {
            await _inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        }
        finally
        {
            ReleaseSlot(workItem);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewalAsync(workItem);
        try
        {
            await _inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
        finally
        {
            ReleaseSlot(workItem);
        }
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        _inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task StartAsync() => _inner.StartAsync();

    public Task StopAsync() => _inner.StopAsync();

    public Task StopAsync(bool isForced) => _inner.StopAsync(isForced);

    public Task CreateAsync() => _inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => _inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => _inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => _inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => _inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        _inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => _inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => _inner.GetDelayInSecondsAfterOnFetchException(exception);

    public void Dispose() => _activitySlots.Dispose();

    private void ReleaseSlot(TaskActivityWorkItem workItem)
    {
        // Complete may fail and be followed by Abandon for the same work item: release its slot once.
        if (_slotHolders.TryRemove(workItem, out _))
        {
            _activitySlots.Release();
        }
    }

    private async Task StopRenewalAsync(TaskActivityWorkItem workItem)
    {
        // Renewal must stop before the message is deleted or released: the two would race on its pop receipt.
        if (_slotHolders.TryGetValue(workItem, out var renewal) && renewal is not null)
        {
            await renewal.StopAsync();
        }
    }

    /// <summary>Renews one activity's lock on an interval until stopped.</summary>
    private sealed class LockRenewal
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public LockRenewal(ConcurrencyCappedOrchestrationService owner, TaskActivityWorkItem workItem, TimeSpan every)
        {
            _loop = RenewAsync(owner, workItem, every, _stop.Token);
        }

        public async Task StopAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }

            await _loop;
            _stop.Dispose();
        }

        private static async Task RenewAsync(ConcurrencyCappedOrchestrationService owner, TaskActivityWorkItem workItem, TimeSpan every, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(every);
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    try
                    {
                        await owner._inner.RenewTaskActivityWorkItemLockAsync(workItem);
                        Log.ActivityLockRenewed(owner._logger, workItem.Id);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A failed renewal is retried on the next tick; if the lock is lost the activity runs again (activities are idempotent).
                        Log.ActivityLockRenewalFailed(owner._logger, ex, workItem.Id);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped: the activity completed or was abandoned.
            }
        }
    }
}
