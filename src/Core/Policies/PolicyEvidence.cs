namespace RetrainFunctions.Core.Policies;

/// <summary>What is new since the previous decision.</summary>
/// <param name="At">When the decision is taken (orchestration or replay time).</param>
/// <param name="HasProductionModel">Whether a model is in production; without one, every policy retrains.</param>
/// <param name="NewLabeledRows">Labeled rows that arrived since the previous decision.</param>
/// <param name="Errors">
/// The production model's per-row loss on those rows, in time order, each in [0, 1]: 1 for a misclassified row and 0
/// otherwise; for regression a bounded loss such as min(1, |error| / scale). Empty when there is no production model.
/// </param>
/// <param name="Drift">The data-drift signal of the new data, when the drift stage produced one.</param>
/// <param name="ProductionVersion">
/// The production version whose errors these are; the change detector watches one version and starts a clean record
/// when it changes. Null when unknown: the detector then restarts at every Retrain verdict instead.
/// </param>
public sealed record PolicyEvidence(
    DateTimeOffset At,
    bool HasProductionModel,
    int NewLabeledRows,
    IReadOnlyList<double> Errors,
    DriftSignal? Drift = null,
    string? ProductionVersion = null);
