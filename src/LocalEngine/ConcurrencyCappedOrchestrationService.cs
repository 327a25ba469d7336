using System.Collections.Concurrent;
using DurableTask.Core;

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
/// </remarks>
internal sealed class ConcurrencyCappedOrchestrationService : IOrchestrationService, IDisposable
{
    /// <summary>The cap reported to the dispatchers: high enough never to be reached.</summary>
    public const int ReportedCap = 1000;

    private readonly IOrchestrationService _inner;
    private readonly SemaphoreSlim _activitySlots;
    private readonly ConcurrentDictionary<TaskActivityWorkItem, byte> _slotHolders = new(ReferenceEqualityComparer.Instance);

    public ConcurrencyCappedOrchestrationService(IOrchestrationService inner, int maxConcurrentActivities)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentActivities, 1);
        _inner = inner;
        _activitySlots = new SemaphoreSlim(maxConcurrentActivities, maxConcurrentActivities);
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
            _slotHolders[workItem] = 0;
        }

        return workItem!;
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
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
}
