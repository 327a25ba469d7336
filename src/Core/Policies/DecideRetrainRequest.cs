using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Policies;

/// <summary>The input of <see cref="Orchestration.RetrainActivities.DecideRetrain"/>: the model, what is new, and when.</summary>
/// <param name="Model">The model.</param>
/// <param name="DecisionId">A sortable id for the decision record (e.g. the run id).</param>
/// <param name="At">The decision time (<c>context.CurrentUtcDateTime</c>).</param>
/// <param name="NewDataPaths">Accepted batches that arrived since the previous decision (CSV paths in the store), oldest first.</param>
/// <param name="Drift">The drift stage's signal on the new data, when there is one.</param>
/// <param name="Spec">
/// The spec the run read when it started (orchestrator version 2 on), so that the policy decides under the same spec as
/// every other stage. <see langword="null"/> in requests of version-1 instances, whose decider reads the current spec.
/// </param>
public sealed record DecideRetrainRequest(
    string Model,
    string DecisionId,
    DateTimeOffset At,
    IReadOnlyList<string> NewDataPaths,
    DriftSignal? Drift = null,
    ModelSpec? Spec = null);
