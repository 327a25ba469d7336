namespace RetrainFunctions.Core.Specs;

/// <summary>How the challenger is evaluated against production and when it is promoted.</summary>
public sealed record GateSpec
{
    /// <summary>Gets the metric that decides. <value>Default: the task's default (<see cref="EvaluationMetrics.DefaultFor"/>).</value></summary>
    public EvaluationMetric? Metric { get; init; }

    /// <summary>
    /// Gets the improvement the challenger must show over production on <see cref="Metric"/>, in the metric's
    /// "better" direction. <value>Default: 0 (any improvement).</value>
    /// </summary>
    public double MinDelta { get; init; }

    /// <summary>
    /// Gets which hypothesis the gate needs evidence for: <see cref="GateMode.Superiority"/> (shown better by more than
    /// <see cref="MinDelta"/>) or <see cref="GateMode.NonInferiority"/> (deployed unless shown worse by more than
    /// <see cref="NonInferiorityMargin"/>). The threshold, guardrail and slice rules apply in both.
    /// <value>Default: <see cref="GateMode.NonInferiority"/>.</value>
    /// </summary>
    /// <remarks>
    /// Non-inferiority is the default because the comparison rows are newer than production's training data: neither
    /// model has learned from them, so a challenger can rarely be shown <em>better</em> on them, and the model deployed is
    /// the challenger refit on everything (<see cref="Refit"/>), which has. The gate's job by default is therefore to stop
    /// a clearly worse recipe, not to demand proof of progress. <see cref="GateMode.Superiority"/> stays available for
    /// models whose production version should change only on evidence of a gain.
    /// </remarks>
    public GateMode Mode { get; init; } = GateMode.NonInferiority;

    /// <summary>
    /// Gets, in <see cref="GateMode.NonInferiority"/> mode, how much worse than production (gate metric, better direction)
    /// the challenger may be shown to be and still be deployed: it is rejected when the upper confidence bound of its
    /// improvement is below −margin. Ignored in <see cref="GateMode.Superiority"/> mode. <value>Default: 0 (rejected only when shown worse at all).</value>
    /// </summary>
    public double NonInferiorityMargin { get; init; }

    /// <summary>
    /// Gets the absolute bar on <see cref="Metric"/> (a minimum for higher-is-better metrics, a maximum for
    /// lower-is-better ones). <value>Default: unset.</value>
    /// </summary>
    public double? Threshold { get; init; }

    /// <summary>Gets the share of the newest rows held out for champion/challenger comparison (the comparison rows). <value>Default: 0.2.</value></summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Gets the share of rows before the holdout used to pick the best candidate. <value>Default: 0.1.</value></summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>
    /// Gets the most selection rows (the newest <see cref="ValidationFraction"/> of the rows before the comparison rows,
    /// capped to this many): candidates are ranked on how they predict the rows just before the comparison rows, not a
    /// season earlier. <value>Default: null (no cap).</value>
    /// </summary>
    public int? SelectionMaxRows { get; init; }

    /// <summary>
    /// Gets which candidates the selection rows choose the challenger among: all of them, or only the ensembles (one per
    /// window, the other trainers being their members). Choosing a model family on rows older than the ones it will
    /// predict follows yesterday's winner; averaging the families and choosing only the window did better on both binary
    /// streams measured (docs/backtest.md, "Seventh session"). <value>Default: <see cref="CandidateSelection.All"/>
    /// (<c>retrain init</c> writes <see cref="CandidateSelection.Ensembles"/> with its ensemble).</value>
    /// </summary>
    public CandidateSelection SelectAmong { get; init; } = CandidateSelection.All;

    /// <summary>
    /// The most selection rows when the spec trains one candidate (one trainer, one window): 5,000. There is nothing to
    /// choose, so they only fit the candidate's calibration slope (one parameter) and the rest train. On the 1,000,000-row
    /// bench that is 5,000 rows instead of 99,500, and the challenger then trains once (see the orchestrator's
    /// <c>TrainCandidatesAsync</c>): a second fit on training + selection rows would add 0.5 % of its rows.
    /// </summary>
    public const int SingleCandidateSelectionRows = 5_000;

    /// <summary>
    /// The smallest share of the training rows the selection rows must add for the chosen candidate to be fitted again
    /// on training + selection rows before it meets production: 1 %. Below it the second fit costs a whole training run
    /// for rows it would barely notice, and the candidate itself meets production.
    /// </summary>
    public const double MinSelectionShareToRefit = 0.01;

    /// <summary>
    /// Gets the minimum number of comparison rows: of the first model's holdout, of a superiority decision, and of a
    /// non-inferiority decision on full evidence (fewer, down to <see cref="Collection.RowSetPlanner.ThinEvidenceFloor"/>,
    /// deploy a retrain not shown worse on thin evidence). <value>Default: 50.</value>
    /// </summary>
    public int MinHoldoutRows { get; init; } = 50;

    /// <summary>
    /// Gets the most comparison rows a run uses when production exists: the comparison rows are the newest rows production
    /// never saw (see <see cref="Collection.RowSetPlanner"/>), at most this many and at most half the window; older unseen
    /// rows become training rows. <value>Default: 5,000 — enough for a paired interval a few thousandths wide on
    /// accuracy, small enough that they stay recent.</value>
    /// </summary>
    public int ComparisonMaxRows { get; init; } = 5_000;

    /// <summary>
    /// Gets the largest share of the rows production never saw that become comparison rows (the newest ones); the older
    /// unseen rows are the challenger's newest training and selection rows, so a challenger always knows rows production
    /// does not and is judged on rows neither saw. With all unseen rows compared, the challenger trains on exactly the rows
    /// production trained on, and after an abrupt change both meet the new concept blind: the gate then picks whichever
    /// guesses better, not the one that learned. In superiority mode at least <see cref="MinHoldoutRows"/> rows are
    /// compared when there are that many unseen rows; under non-inferiority the share holds and fewer comparison rows
    /// than <see cref="MinHoldoutRows"/> (at least <see cref="Collection.RowSetPlanner.ThinEvidenceFloor"/>) decide on
    /// thin evidence, which the reason says. <value>Default: 0.5.</value>
    /// </summary>
    public double ComparisonUnseenShare { get; init; } = 0.5;

    /// <summary>
    /// Gets the two-sided confidence level of the paired bootstrap interval of (challenger − champion): in superiority mode
    /// the gate promotes only when its lower bound, in the metric's better direction, exceeds <see cref="MinDelta"/>; in
    /// non-inferiority mode, and for every guardrail, it rejects when the upper bound is below −margin. <value>Default: 0.95.</value>
    /// </summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Gets the guardrails: secondary metrics on which the challenger must not be clearly worse than production, each a
    /// one-sided non-inferiority test with its own margin that blocks a promotion (<c>NotBetter</c>) when it fails, in
    /// either mode and whatever <see cref="Metric"/> decides. An empty list turns them off.
    /// <value>Default: null, the task's defaults (<see cref="EvaluationMetrics.DefaultGuardrailsFor"/>): binary accuracy and
    /// F1, multiclass micro accuracy and macro F1, each with margin 0.02; none for regression.</value>
    /// </summary>
    public IReadOnlyList<GuardrailSpec>? Guardrails { get; init; }

    /// <summary>
    /// Gets the length of the contiguous time blocks the paired bootstrap resamples (non-overlapping blocks of the
    /// comparison rows, which are in time order): neighbouring rows are correlated, so resampling single rows would
    /// understate the uncertainty. 1 resamples single rows. <value>Default: null, ⌈√n⌉ for n comparison rows.</value>
    /// </summary>
    public int? BootstrapBlockRows { get; init; }

    /// <summary>Gets the number of paired bootstrap resamples. <value>Default: 1,000.</value></summary>
    public int BootstrapIterations { get; init; } = 1_000;

    /// <summary>Gets the seed of the bootstrap's random draws (the same evidence on every run and retry). <value>Default: 20260101.</value></summary>
    public int BootstrapSeed { get; init; } = 20_260_101;

    /// <summary>Gets what a significant regression on a holdout slice does. <value>Default: <see cref="SliceRegressionAction.Block"/>.</value></summary>
    public SliceRegressionAction SliceRegression { get; init; } = SliceRegressionAction.Block;

    /// <summary>Gets the minimum holdout rows of a slice for it to be compared. <value>Default: 50.</value></summary>
    public int SliceMinRows { get; init; } = 50;

    /// <summary>Gets the number of quantile bins of each numeric feature (4: quartiles). <value>Default: 4.</value></summary>
    public int SliceBins { get; init; } = 4;

    /// <summary>Gets the family-wise error rate of the slice tests (Holm-corrected). <value>Default: 0.05.</value></summary>
    public double SliceAlpha { get; init; } = 0.05;

    /// <summary>
    /// Gets whether a promoted challenger is refitted on the whole window (train, validation and holdout) before it is
    /// deployed, so the newest labels are not wasted. <value>Default: true.</value>
    /// </summary>
    public bool Refit { get; init; } = true;

    /// <summary>
    /// Gets how much worse than the challenger the refitted model may score on the holdout (gate metric, better
    /// direction) before the refit is discarded and the challenger itself is deployed. <value>Default: 0.02.</value>
    /// </summary>
    public double RefitTolerance { get; init; } = 0.02;

    /// <summary>
    /// Gets whether the newest deployment is on probation: the next run with enough new labeled rows scores them with it
    /// and with the version it replaced, and rolls back if it is significantly worse. <value>Default: true.</value>
    /// </summary>
    public bool Probation { get; init; } = true;

    /// <summary>Gets the decisive metric for <paramref name="task"/>.</summary>
    public EvaluationMetric EffectiveMetric(ModelTask task) => Metric ?? EvaluationMetrics.DefaultFor(task);

    /// <summary>Gets the guardrails for <paramref name="task"/>: <see cref="Guardrails"/> or the task's defaults.</summary>
    public IReadOnlyList<GuardrailSpec> EffectiveGuardrails(ModelTask task) => Guardrails ?? EvaluationMetrics.DefaultGuardrailsFor(task);

    /// <summary>Gets the bootstrap block length for <paramref name="rows"/> comparison rows: <see cref="BootstrapBlockRows"/> or ⌈√rows⌉, at most rows.</summary>
    public int EffectiveBlockRows(int rows) =>
        Math.Clamp(BootstrapBlockRows ?? (int)Math.Ceiling(Math.Sqrt(Math.Max(rows, 1))), 1, Math.Max(rows, 1));
}
