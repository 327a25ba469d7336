using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Collection;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.CollectTrainingData"/>: the spec in force and the batches waiting for validation.</summary>
/// <param name="Spec">The model spec read at the start of the run; every later stage uses this copy.</param>
/// <param name="SpecDigest">SHA-256 of the spec document.</param>
/// <param name="NewBatches">Batches collected and not yet validated (including any left pending by an interrupted run).</param>
/// <param name="DuplicatesIgnored">Incoming files whose content had already been collected; removed from the drop zone, nothing else changed.</param>
/// <param name="Refused">Incoming files refused before validation (too large), now in quarantine with a report.</param>
public sealed record CollectResult(ModelSpec Spec, string SpecDigest, IReadOnlyList<BatchRef> NewBatches, int DuplicatesIgnored, IReadOnlyList<QuarantinedBatch>? Refused = null);
