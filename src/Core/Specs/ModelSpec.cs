using RetrainFunctions.Core.Policies;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// One JSON document per model (<c>specs/{model}.json</c>): what to learn, from which columns, with which
/// trainers, on which window, and how a challenger must prove itself. Validated by <see cref="ModelSpecValidator"/>.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Gets the model name (see <see cref="Specs.ModelName"/> for the rules).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the learning task.</summary>
    public required ModelTask Task { get; init; }

    /// <summary>Gets the label column and, for binary classification, the positive class.</summary>
    public required LabelSpec Label { get; init; }

    /// <summary>Gets the optional timestamp column used to order rows (ISO 8601 or Unix seconds); batch order otherwise.</summary>
    public string? TimestampColumn { get; init; }

    /// <summary>Gets the feature columns. Columns of the data not listed here (and not label/timestamp) are ignored.</summary>
    public required IReadOnlyList<FeatureSpec> Features { get; init; }

    /// <summary>Gets the trainers that compete in every run, one candidate each.</summary>
    public IReadOnlyList<TrainerKind> Trainers { get; init; } = [];

    /// <summary>Gets the training window.</summary>
    public WindowSpec Window { get; init; } = new();

    /// <summary>Gets the data validation limits.</summary>
    public ValidationSpec Validation { get; init; } = new();

    /// <summary>Gets how drift is measured and judged.</summary>
    public DriftSpec Drift { get; init; } = new();

    /// <summary>Gets the evaluation and promotion gate.</summary>
    public GateSpec Gate { get; init; } = new();

    /// <summary>Gets whether a promotion waits for a person's approval.</summary>
    public ApprovalSpec Approval { get; init; } = new();

    /// <summary>Gets what starts a run.</summary>
    public TriggerSpec Trigger { get; init; } = new();

    /// <summary>
    /// Gets when to retrain (triggers, cooldown, budget, debounce), decided by <see cref="RetrainPolicy"/>.
    /// <value>Default: unset — every trigger of <see cref="Trigger"/> runs the pipeline.</value>
    /// </summary>
    public PolicySpec? Policy { get; init; }

    /// <summary>Gets the trainers to use: <see cref="Trainers"/> or the defaults for <see cref="Task"/>.</summary>
    public IReadOnlyList<TrainerKind> EffectiveTrainers => Trainers.Count > 0 ? Trainers : TrainerKinds.DefaultsFor(Task);

    /// <summary>
    /// Whether a run trains more than one candidate (trainers × candidate windows), so that the selection rows choose one.
    /// With one candidate they only fit its calibration slope, and <see cref="GateSpec.SingleCandidateSelectionRows"/> caps them.
    /// </summary>
    public bool SelectsAmongCandidates() => EffectiveTrainers.Count > 1 || Window.CandidateRows.Count > 0 || Window.CandidateFractions.Count > 0 || Window.CandidateHalfLives.Count > 0;

    /// <summary>
    /// The gate settings the snapshot plans its row sets with: <see cref="Gate"/>, with the selection rows capped to
    /// <see cref="GateSpec.SingleCandidateSelectionRows"/> when there is nothing to select.
    /// </summary>
    public GateSpec RowSetGate() => SelectsAmongCandidates()
        ? Gate
        : Gate with { SelectionMaxRows = Math.Min(Gate.SelectionMaxRows ?? int.MaxValue, GateSpec.SingleCandidateSelectionRows) };
}
