using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Hosting;

/// <summary>
/// Connects the runs of one engine to approvals filed in the store (<see cref="ApprovalStore"/>): while a run of this
/// engine waits for approval, it publishes the wait (renewed while this process lives); when a decision for that
/// candidate lands in the store, it raises <see cref="RetrainEvents.ApprovalDecided"/> on the run's instance. So
/// <c>retrain approve</c> in any process reaches a run hosted by <c>retrain run</c> or <c>retrain serve</c>.
/// One caller at a time (a host's polling loop).
/// </summary>
public sealed class ApprovalRelay(DurableTaskClient client, ApprovalStore approvals, TimeProvider timeProvider, string waitingHost, ILogger logger)
{
    /// <summary>How often the store is read for a decision while a run waits.</summary>
    public static readonly TimeSpan DecisionCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    /// <summary>
    /// Relays for <paramref name="model"/> given its instance's current state: publishes or renews the wait, delivers a
    /// filed decision, withdraws the wait once the run moved on. Returns the wait when this call published it first.
    /// </summary>
    public async Task<PendingApproval?> RelayAsync(string model, OrchestrationMetadata? instance, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var progress = instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended, SerializedCustomStatus: not null }
            ? instance.ReadCustomStatusAs<RunProgress>()
            : null;
        _watches.TryGetValue(model, out var watch);
        if (progress is not { Stage: PipelineStage.Approve, CandidateVersion: { } candidate, EvaluationDigest: { } digest, ApprovalDeadline: { } deadline })
        {
            if (watch is not null)
            {
                await approvals.WithdrawAsync(model, watch.Pending.CandidateVersion, cancellationToken);
                _watches.Remove(model);
            }

            return null;
        }

        PendingApproval? published = null;
        if (watch is null || !string.Equals(watch.Pending.CandidateVersion, candidate, StringComparison.Ordinal))
        {
            watch = new Watch(new PendingApproval(model, candidate, digest, deadline, waitingHost, now + ApprovalStore.AliveFor), now);
            _watches[model] = watch;
            await approvals.PublishAsync(watch.Pending, cancellationToken);
            Log.ApprovalAwaited(logger, model, candidate, digest);
            published = watch.Pending;
        }
        else if (now - watch.RenewedAt >= ApprovalStore.AliveFor / 3)
        {
            watch.Pending = watch.Pending with { AliveUntil = now + ApprovalStore.AliveFor };
            watch.RenewedAt = now;
            await approvals.PublishAsync(watch.Pending, cancellationToken);
        }

        if (!watch.Delivered && now - watch.CheckedAt >= DecisionCheckInterval)
        {
            watch.CheckedAt = now;
            if (await approvals.FindDecisionAsync(model, candidate, cancellationToken) is { } decision)
            {
                await client.RaiseEventAsync(instance!.InstanceId, RetrainEvents.ApprovalDecided, decision, cancellationToken);
                watch.Delivered = true;
                Log.ApprovalDelivered(logger, model, candidate, decision.Approved, decision.By, instance.InstanceId);
            }
        }

        return published;
    }

    /// <summary>Withdraws every wait this relay published (the host stops; its runs stop waiting with it).</summary>
    public async Task WithdrawAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (model, watch) in _watches)
        {
            await approvals.WithdrawAsync(model, watch.Pending.CandidateVersion, cancellationToken);
        }

        _watches.Clear();
    }

    /// <summary>
    /// Relays for every model with a spec, every <paramref name="interval"/>, until <paramref name="cancellationToken"/>
    /// is cancelled (a host that starts runs of any model, such as <c>retrain serve</c>). A failed round is logged and retried.
    /// </summary>
    public async Task WatchAsync(ModelSpecStore specs, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specs);
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    foreach (var model in await specs.ListModelsAsync(cancellationToken))
                    {
                        var instance = await client.GetInstanceAsync(RetrainInstanceIds.For(model), getInputsAndOutputs: false, cancellationToken);
                        await RelayAsync(model, instance, cancellationToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ApprovalRelayFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    private sealed class Watch(PendingApproval pending, DateTimeOffset renewedAt)
    {
        public PendingApproval Pending { get; set; } = pending;

        public DateTimeOffset RenewedAt { get; set; } = renewedAt;

        public DateTimeOffset CheckedAt { get; set; } = DateTimeOffset.MinValue;

        public bool Delivered { get; set; }
    }
}
