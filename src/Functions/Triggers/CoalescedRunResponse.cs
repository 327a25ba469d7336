using Microsoft.DurableTask.Client;

namespace RetrainFunctions.Functions.Triggers;

/// <summary>
/// The 202 body of <see cref="HttpStartRetrain"/> when a run of the model was already in progress: the request joined
/// it (the run continues as new when it ends) and the status URLs are those of that instance.
/// </summary>
/// <param name="Id">The Durable instance id (<c>retrain-{model}</c>).</param>
/// <param name="Model">The model.</param>
/// <param name="Coalesced">Always <see langword="true"/>.</param>
/// <param name="RuntimeStatus">The instance's status when the request joined it.</param>
/// <param name="Message">What happened, in one sentence.</param>
/// <param name="StatusQueryGetUri">Where to poll the instance's status.</param>
/// <param name="SendEventPostUri">Where to raise events on it.</param>
/// <param name="TerminatePostUri">Where to terminate it.</param>
/// <param name="PurgeHistoryDeleteUri">Where to purge its history.</param>
public sealed record CoalescedRunResponse(
    string Id,
    string Model,
    bool Coalesced,
    OrchestrationRuntimeStatus RuntimeStatus,
    string Message,
    string? StatusQueryGetUri,
    string? SendEventPostUri,
    string? TerminatePostUri,
    string? PurgeHistoryDeleteUri);
