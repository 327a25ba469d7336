using Microsoft.DurableTask.Client;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Hosting;

/// <summary>
/// Delivers an <see cref="ApprovalDecision"/> to the model's run. The orchestrator, not this class, checks that the
/// decision is bound to the candidate and evaluation it is waiting on (a stale decision is recorded and ignored).
/// </summary>
public sealed class ApprovalSubmitter(DurableTaskClient client)
{
    /// <summary>Raises the decision on the model's instance when it is running; otherwise reports that no run is waiting.</summary>
    public async Task<ApprovalSubmission> SubmitAsync(ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ModelName.Validate(decision.Model, nameof(decision));
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.By, nameof(decision));
        var instanceId = RetrainInstanceIds.For(decision.Model);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null || instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended))
        {
            return new ApprovalSubmission(instanceId, Delivered: false, $"No run of model '{decision.Model}' is in progress (instance {instanceId} is {instance?.RuntimeStatus.ToString() ?? "absent"}).");
        }

        await client.RaiseEventAsync(instanceId, RetrainEvents.ApprovalDecided, decision, cancellationToken);
        return new ApprovalSubmission(instanceId, Delivered: true, null);
    }
}
