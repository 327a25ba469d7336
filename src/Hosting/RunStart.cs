using Microsoft.DurableTask.Client;

namespace RetrainFunctions.Hosting;

/// <summary>The result of <see cref="RunStarter.StartAsync"/>: which instance handles the request and how.</summary>
/// <param name="Model">The model.</param>
/// <param name="InstanceId">The Durable instance id (<c>retrain-{model}</c>) now handling the request.</param>
/// <param name="Kind">Whether a new run was started or the request was coalesced into the running one.</param>
/// <param name="Status">The instance's runtime status as last seen by the starter.</param>
/// <param name="RequestedAt">When the starter received the request.</param>
/// <param name="RunId">
/// The run that will cover the request: the new run's id when started; when coalesced, the id of the run that follows
/// the one in progress (<see cref="Core.Orchestration.RetrainInstanceIds.FollowUpRunId"/>), or <see langword="null"/>
/// when the run in progress was started without a run id by an older starter.
/// </param>
public sealed record RunStart(string Model, string InstanceId, RunStartKind Kind, OrchestrationRuntimeStatus Status, DateTimeOffset RequestedAt, string? RunId)
{
    /// <summary>Gets a value indicating whether the request joined a run already in progress.</summary>
    public bool Coalesced => Kind == RunStartKind.Coalesced;
}
