namespace RetrainFunctions.Core.Orchestration;

/// <summary>The input of <see cref="RetrainOrchestrator"/>: which model, and what asked for the run.</summary>
/// <param name="Model">The model to retrain.</param>
/// <param name="Trigger">What started the run.</param>
/// <param name="Force">Train and evaluate even when no new data arrived (e.g. after a spec change).</param>
/// <param name="RequestedBy">Who or what asked (a user, a blob name, the schedule), for the run record.</param>
/// <param name="RunId">
/// The id the run takes, chosen by the starter so that it can name the run to its caller before the run starts
/// (<see cref="RetrainInstanceIds.NewRunId"/>); a run continued as new after coalesced requests takes
/// <see cref="RetrainInstanceIds.FollowUpRunId"/> of the run before it. <value>Default: the orchestrator makes one.</value>
/// </param>
public sealed record RetrainRequest(string Model, RunTrigger Trigger, bool Force = false, string? RequestedBy = null, string? RunId = null);
