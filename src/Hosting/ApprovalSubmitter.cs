using Microsoft.DurableTask.Client;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Hosting;

/// <summary>
/// Delivers an <see cref="ApprovalDecision"/> to the model's run: <see cref="DecideAsync"/> checks it against the run
/// waiting (on this engine, or any process's run through the store) and refuses what does not fit;
/// <see cref="SubmitAsync"/> raises it as it is, and the orchestrator records a stale decision and ignores it.
/// </summary>
public sealed class ApprovalSubmitter(DurableTaskClient client, ApprovalStore? approvals = null)
{
    /// <summary>
    /// Checks <paramref name="decision"/> against the run waiting for approval and delivers it when it names that run's
    /// candidate and evaluation digest: raised on this engine's instance when the run waits here, otherwise filed in the
    /// store (<see cref="ApprovalStore.FileAsync"/>) for the process hosting the run to deliver. A decision that does not
    /// fit is refused and delivered nowhere.
    /// </summary>
    public async Task<ApprovalReceipt> DecideAsync(ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        var (instanceId, instance) = await FindInstanceAsync(decision, cancellationToken);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended, SerializedCustomStatus: not null }
            && instance.ReadCustomStatusAs<RunProgress>() is { Stage: PipelineStage.Approve, CandidateVersion: { } candidate, EvaluationDigest: { } digest, ApprovalDeadline: { } deadline })
        {
            var waiting = new PendingApproval(decision.Model, candidate, digest, deadline, $"instance {instanceId}", DateTimeOffset.MaxValue);
            if (ApprovalStore.Mismatch(decision, waiting) is { } refusal)
            {
                return refusal;
            }

            await client.RaiseEventAsync(instanceId, RetrainEvents.ApprovalDecided, decision, cancellationToken);
            return new ApprovalReceipt(ApprovalStatus.Accepted, $"{(decision.Approved ? "Approval" : "Rejection")} of {decision.Model} candidate {candidate} by {decision.By} delivered to instance {instanceId}.", waiting);
        }

        return approvals is null
            ? new ApprovalReceipt(ApprovalStatus.NoRunWaiting, $"no run of model '{decision.Model}' is waiting for approval (instance {instanceId} is {instance?.RuntimeStatus.ToString() ?? "absent"}).", null)
            : await approvals.FileAsync(decision, cancellationToken);
    }

    /// <summary>Raises the decision on the model's instance when it is running; otherwise reports that no run is waiting.</summary>
    public async Task<ApprovalSubmission> SubmitAsync(ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        var (instanceId, instance) = await FindInstanceAsync(decision, cancellationToken);
        if (instance is null || instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended))
        {
            return new ApprovalSubmission(instanceId, Delivered: false, $"No run of model '{decision.Model}' is in progress (instance {instanceId} is {instance?.RuntimeStatus.ToString() ?? "absent"}).");
        }

        await client.RaiseEventAsync(instanceId, RetrainEvents.ApprovalDecided, decision, cancellationToken);
        return new ApprovalSubmission(instanceId, Delivered: true, null);
    }

    private async Task<(string InstanceId, OrchestrationMetadata? Instance)> FindInstanceAsync(ApprovalDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ModelName.Validate(decision.Model, nameof(decision));
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.By, nameof(decision));
        var instanceId = RetrainInstanceIds.For(decision.Model);
        return (instanceId, await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken));
    }
}
