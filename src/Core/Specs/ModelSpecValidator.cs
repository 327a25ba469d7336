using System.Globalization;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Specs;

/// <summary>Checks a <see cref="ModelSpec"/> and names every problem: the field, what is wrong, what is allowed.</summary>
public static class ModelSpecValidator
{
    /// <summary>Returns the problems of <paramref name="spec"/> against the built-in trainers (<see cref="TrainerRegistry.BuiltIn"/>); empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(ModelSpec spec) => Validate(spec, TrainerRegistry.BuiltIn);

    /// <summary>Returns the problems of <paramref name="spec"/>, whose trainers must be in <paramref name="trainers"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(ModelSpec spec, TrainerRegistry trainers)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(trainers);
        var problems = new List<string>();

        if (ModelName.Explain(spec.Name) is { } nameProblem)
        {
            problems.Add($"name: {nameProblem}.");
        }

        if (!Enum.IsDefined(spec.Task))
        {
            problems.Add($"task: '{spec.Task}' is not a task; allowed: {string.Join(", ", Enum.GetNames<ModelTask>())}.");
            return problems;
        }

        ValidateLabel(spec, problems);
        ValidateFeatures(spec, problems);
        ValidateTrainers(spec, trainers, problems);
        ValidateWindow(spec.Window, problems);
        ValidateValidation(spec.Validation, problems);
        ValidateDrift(spec.Drift, problems);
        ValidateGate(spec, problems);
        ValidateApproval(spec.Approval, problems);
        PolicySpecValidator.Validate(spec.Policy, problems);
        return problems;
    }

    /// <summary>Throws <see cref="ModelSpecException"/> listing every problem when <paramref name="spec"/> is invalid against the built-in trainers.</summary>
    public static ModelSpec EnsureValid(ModelSpec spec, string source) => EnsureValid(spec, source, TrainerRegistry.BuiltIn);

    /// <summary>Throws <see cref="ModelSpecException"/> listing every problem when <paramref name="spec"/> is invalid against <paramref name="trainers"/>.</summary>
    public static ModelSpec EnsureValid(ModelSpec spec, string source, TrainerRegistry trainers)
    {
        var problems = Validate(spec, trainers);
        if (problems.Count > 0)
        {
            throw new ModelSpecException($"Model spec {source} is invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}")
            {
                Problems = problems,
            };
        }

        return spec;
    }

    private static void ValidateLabel(ModelSpec spec, List<string> problems)
    {
        if (spec.Label is null || string.IsNullOrWhiteSpace(spec.Label.Column))
        {
            problems.Add("label.column: a label column is required (the column the model learns to predict).");
            return;
        }

        if (spec.Task == ModelTask.BinaryClassification && string.IsNullOrWhiteSpace(spec.Label.PositiveClass))
        {
            problems.Add($"label.positiveClass: binary classification needs the label value that counts as positive (e.g. \"1\", \"true\", \"UP\") for column '{spec.Label.Column}'.");
        }

        if (spec.Task != ModelTask.BinaryClassification && spec.Label.PositiveClass is not null)
        {
            problems.Add($"label.positiveClass: only binary classification has a positive class; remove it for task {spec.Task}.");
        }

        if (spec.Features?.Any(f => string.Equals(f.Name, spec.Label.Column, StringComparison.Ordinal)) == true)
        {
            problems.Add($"features: the label column '{spec.Label.Column}' is also listed as a feature; that leaks the answer into the model.");
        }

        if (spec.TimestampColumn is not null && string.Equals(spec.TimestampColumn, spec.Label.Column, StringComparison.Ordinal))
        {
            problems.Add($"timestampColumn: '{spec.TimestampColumn}' is the label column.");
        }
    }

    private static void ValidateFeatures(ModelSpec spec, List<string> problems)
    {
        if (spec.Features is null || spec.Features.Count == 0)
        {
            problems.Add("features: at least one feature column is required.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Features.Count; i++)
        {
            var feature = spec.Features[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"features[{i}]");
            if (feature is null || string.IsNullOrWhiteSpace(feature.Name))
            {
                problems.Add($"{field}.name: a feature needs a column name.");
                continue;
            }

            if (!seen.Add(feature.Name))
            {
                problems.Add($"{field}.name: column '{feature.Name}' is listed twice.");
            }

            if (feature.Name.Any(char.IsControl) || feature.Name.Length > 128)
            {
                problems.Add($"{field}.name: '{feature.Name}' must be at most 128 characters without control characters.");
            }

            if (!Enum.IsDefined(feature.Type))
            {
                problems.Add($"{field}.type: '{feature.Type}' is not a feature type; allowed: {string.Join(", ", Enum.GetNames<FeatureType>())}.");
            }

            if (!Enum.IsDefined(feature.Encoding))
            {
                problems.Add($"{field}.encoding: '{feature.Encoding}' is not an encoding; allowed: {string.Join(", ", Enum.GetNames<CategoricalEncoding>())}.");
            }

            if (feature.Type == FeatureType.Numeric && feature.Encoding != CategoricalEncoding.Auto)
            {
                problems.Add($"{field}.encoding: '{feature.Name}' is numeric; an encoding applies only to categorical features.");
            }

            if (string.Equals(feature.Name, spec.TimestampColumn, StringComparison.Ordinal))
            {
                problems.Add($"{field}.name: '{feature.Name}' is the timestamp column; derive calendar features instead of using the raw timestamp.");
            }
        }
    }

    private static void ValidateTrainers(ModelSpec spec, TrainerRegistry trainers, List<string> problems)
    {
        if (spec.Trainers is null)
        {
            return;
        }

        var allowed = string.Join(", ", trainers.KindsFor(spec.Task));
        for (var i = 0; i < spec.Trainers.Count; i++)
        {
            var trainer = spec.Trainers[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"trainers[{i}]");
            if (!trainers.Contains(trainer))
            {
                problems.Add($"{field}: '{trainer}' is not a registered trainer; allowed for {spec.Task}: {allowed} (registered: {string.Join(", ", trainers.Kinds)}).");
            }
            else if (!trainers.Supports(trainer, spec.Task))
            {
                problems.Add($"{field}: {trainer} cannot train {spec.Task}; allowed: {allowed}.");
            }
            else if (trainers.CombinesOthers(trainer) && trainers.MembersOf(trainer, spec.Task, spec.Trainers).Count < 2)
            {
                problems.Add($"{field}: {trainer} averages the other trainers listed and needs at least two that can train {spec.Task}; list them too (for example {string.Join(", ", TrainerKinds.DefaultsFor(spec.Task))}).");
            }
        }

        if (spec.Trainers.Distinct().Count() != spec.Trainers.Count)
        {
            problems.Add("trainers: a trainer is listed twice; each trainer is one candidate.");
        }
    }

    private static void ValidateWindow(WindowSpec window, List<string> problems)
    {
        if (window is null)
        {
            return;
        }

        if (window.MaxRows < 0)
        {
            problems.Add($"window.maxRows: {window.MaxRows} is negative; use 0 for no limit or a positive row count.");
        }

        if (window.MaxAgeDays is { } days && !(days > 0))
        {
            problems.Add($"window.maxAgeDays: {days} must be positive (or omitted for no age limit).");
        }

        var tooSmall = window.CandidateRows?.Where(n => n < 10).ToList() ?? [];
        if (tooSmall.Count > 0)
        {
            problems.Add($"window.candidateRows: {string.Join(", ", tooSmall)} too small; every candidate window needs at least 10 rows.");
        }

        var badShares = window.CandidateFractions?.Where(f => !(f > 0 && f < 1)).ToList() ?? [];
        if (badShares.Count > 0)
        {
            problems.Add($"window.candidateFractions: {string.Join(", ", badShares.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture)))} must be greater than 0 and less than 1 (e.g. 0.25 for the newest quarter; the whole window is always a candidate).");
        }

        var badHalfLives = window.CandidateHalfLives?.Where(f => !(f > 0 && f <= 1)).ToList() ?? [];
        if (badHalfLives.Count > 0)
        {
            problems.Add($"window.candidateHalfLives: {string.Join(", ", badHalfLives.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture)))} must be greater than 0 and at most 1 (a share of the training rows, e.g. 0.125: a row's weight halves every eighth of them).");
        }

        if (window.CandidateHalfLives is { Count: > 0 } && window.RecencyHalfLifeRows is not null)
        {
            problems.Add("window.candidateHalfLives: cannot be combined with window.recencyHalfLifeRows, which already weights every candidate; keep one.");
        }

        if (window.RecencyHalfLifeRows is { } halfLife && !(halfLife > 0 && double.IsFinite(halfLife)))
        {
            problems.Add($"window.recencyHalfLifeRows: {halfLife} must be a positive number of rows (or omitted for equal weights).");
        }
    }

    private static void ValidateDrift(DriftSpec drift, List<string> problems)
    {
        if (drift is null)
        {
            return;
        }

        if (!Enum.IsDefined(drift.Reference))
        {
            problems.Add($"drift.reference: '{drift.Reference}' is not a reference; allowed: {string.Join(", ", Enum.GetNames<DriftReferenceKind>())}.");
        }

        foreach (var (name, value) in new[]
        {
            ("psiThreshold", drift.PsiThreshold), ("wassersteinThreshold", drift.WassersteinThreshold),
            ("jensenShannonThreshold", drift.JensenShannonThreshold), ("lInfinityThreshold", drift.LInfinityThreshold),
            ("seasonLengthDays", drift.SeasonLengthDays),
        })
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                problems.Add($"drift.{name}: {value} must be a positive number.");
            }
        }

        if (drift.DatasetDriftShare is <= 0 or > 1 || double.IsNaN(drift.DatasetDriftShare))
        {
            problems.Add($"drift.datasetDriftShare: {drift.DatasetDriftShare} must be greater than 0 and at most 1.");
        }

        if (drift.FalseDiscoveryRate is <= 0 or >= 1 || double.IsNaN(drift.FalseDiscoveryRate))
        {
            problems.Add($"drift.falseDiscoveryRate: {drift.FalseDiscoveryRate} must be between 0 and 1 (exclusive).");
        }

        if (drift.Bins is < 2 or > 100)
        {
            problems.Add($"drift.bins: {drift.Bins} must be between 2 and 100.");
        }
    }

    private static void ValidateValidation(ValidationSpec validation, List<string> problems)
    {
        if (validation is null)
        {
            return;
        }

        if (validation.MinBatchRows < 1)
        {
            problems.Add($"validation.minBatchRows: {validation.MinBatchRows} must be at least 1.");
        }

        if (validation.MinTrainingRows < 10)
        {
            problems.Add($"validation.minTrainingRows: {validation.MinTrainingRows} must be at least 10.");
        }

        if (validation.MaxMissingFraction is < 0 or > 1 || double.IsNaN(validation.MaxMissingFraction))
        {
            problems.Add($"validation.maxMissingFraction: {validation.MaxMissingFraction} must be between 0 and 1.");
        }

        if (validation.MaxUnparseableFraction is < 0 or > 1 || double.IsNaN(validation.MaxUnparseableFraction))
        {
            problems.Add($"validation.maxUnparseableFraction: {validation.MaxUnparseableFraction} must be between 0 and 1.");
        }

        foreach (var (name, value) in new[]
        {
            ("maxOutOfRangeFraction", validation.MaxOutOfRangeFraction), ("maxUnseenCategoryFraction", validation.MaxUnseenCategoryFraction),
            ("maxDuplicateRowFraction", validation.MaxDuplicateRowFraction), ("leakageThreshold", validation.LeakageThreshold),
        })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                problems.Add($"validation.{name}: {value} must be between 0 and 1.");
            }
        }

        if (validation.RangeMargin < 0 || double.IsNaN(validation.RangeMargin) || double.IsInfinity(validation.RangeMargin))
        {
            problems.Add($"validation.rangeMargin: {validation.RangeMargin} must be zero or positive.");
        }

        if (validation.LabelAgreementMinRows < 20)
        {
            problems.Add($"validation.labelAgreementMinRows: {validation.LabelAgreementMinRows} must be at least 20 (the check cross-fits on halves of the batch).");
        }

        if (validation.LabelAgreementTolerance is < 0 or >= 1 || double.IsNaN(validation.LabelAgreementTolerance))
        {
            problems.Add($"validation.labelAgreementTolerance: {validation.LabelAgreementTolerance} must be 0 or more and less than 1 (an increase of the error rate).");
        }

        if (validation.LabelAgreementMaxPValue is <= 0 or >= 1 || double.IsNaN(validation.LabelAgreementMaxPValue))
        {
            problems.Add($"validation.labelAgreementMaxPValue: {validation.LabelAgreementMaxPValue} must be greater than 0 and less than 1.");
        }

        if (validation.LabelAgreementMinRecovery is <= 0 or > 1 || double.IsNaN(validation.LabelAgreementMinRecovery))
        {
            problems.Add($"validation.labelAgreementMinRecovery: {validation.LabelAgreementMinRecovery} must be greater than 0 and at most 1 (a share of the excess disagreement).");
        }
    }

    private static void ValidateGate(ModelSpec spec, List<string> problems)
    {
        var gate = spec.Gate;
        if (gate is null)
        {
            return;
        }

        if (gate.Metric is { } metric)
        {
            if (!Enum.IsDefined(metric))
            {
                problems.Add($"gate.metric: '{metric}' is not a metric; allowed for {spec.Task}: {string.Join(", ", EvaluationMetrics.ForTask(spec.Task))}.");
            }
            else if (!metric.AppliesTo(spec.Task))
            {
                problems.Add($"gate.metric: {metric} is not computed for {spec.Task}; allowed: {string.Join(", ", EvaluationMetrics.ForTask(spec.Task))}.");
            }
        }

        if (gate.MinDelta < 0 || double.IsNaN(gate.MinDelta))
        {
            problems.Add($"gate.minDelta: {gate.MinDelta} must be 0 or more (the improvement required, in the metric's better direction).");
        }

        if (!Enum.IsDefined(gate.Mode))
        {
            problems.Add($"gate.mode: '{gate.Mode}' is not a gate mode; allowed: {string.Join(", ", Enum.GetNames<GateMode>())}.");
        }

        if (gate.NonInferiorityMargin < 0 || !double.IsFinite(gate.NonInferiorityMargin))
        {
            problems.Add($"gate.nonInferiorityMargin: {gate.NonInferiorityMargin} must be 0 or more (how much worse than production, in the metric's better direction, is still deployed).");
        }
        else if (gate.NonInferiorityMargin > 0 && gate.Mode != GateMode.NonInferiority)
        {
            problems.Add($"gate.nonInferiorityMargin: {gate.NonInferiorityMargin} applies only with gate.mode NonInferiority (gate.mode is {gate.Mode}).");
        }

        if (!Enum.IsDefined(gate.SelectAmong))
        {
            problems.Add($"gate.selectAmong: '{gate.SelectAmong}' is not a choice; allowed: {string.Join(", ", Enum.GetNames<CandidateSelection>())}.");
        }

        ValidateGateRows(gate, problems);
        ValidateGateStatistics(gate, problems);
        ValidateGuardrails(spec, problems);
        ValidateGateSlices(gate, problems);
        if (gate.RefitTolerance < 0 || double.IsNaN(gate.RefitTolerance))
        {
            problems.Add($"gate.refitTolerance: {gate.RefitTolerance} must be 0 or more.");
        }
    }

    /// <summary>The split fractions and the row counts of the comparison and selection.</summary>
    private static void ValidateGateRows(GateSpec gate, List<string> problems)
    {
        if (gate.HoldoutFraction is <= 0 or >= 0.9 || double.IsNaN(gate.HoldoutFraction))
        {
            problems.Add($"gate.holdoutFraction: {gate.HoldoutFraction} must be greater than 0 and less than 0.9.");
        }

        if (gate.ValidationFraction is <= 0 or >= 0.9 || double.IsNaN(gate.ValidationFraction))
        {
            problems.Add($"gate.validationFraction: {gate.ValidationFraction} must be greater than 0 and less than 0.9.");
        }

        if (gate.HoldoutFraction + gate.ValidationFraction >= 0.9)
        {
            problems.Add($"gate: holdoutFraction + validationFraction = {gate.HoldoutFraction + gate.ValidationFraction} leaves too little to train on; keep the sum under 0.9.");
        }

        if (gate.MinHoldoutRows < 10)
        {
            problems.Add($"gate.minHoldoutRows: {gate.MinHoldoutRows} must be at least 10.");
        }

        if (gate.ComparisonMaxRows < gate.MinHoldoutRows)
        {
            problems.Add($"gate.comparisonMaxRows: {gate.ComparisonMaxRows} must be at least gate.minHoldoutRows ({gate.MinHoldoutRows}).");
        }

        if (gate.SelectionMaxRows is < 1)
        {
            problems.Add($"gate.selectionMaxRows: {gate.SelectionMaxRows} must be at least 1, or absent for no cap.");
        }

        if (gate.ComparisonUnseenShare is <= 0 or > 1 || double.IsNaN(gate.ComparisonUnseenShare))
        {
            problems.Add($"gate.comparisonUnseenShare: {gate.ComparisonUnseenShare.ToString(CultureInfo.InvariantCulture)} must be in (0, 1]; 1 compares on every row production never saw, 0.5 (the default) on the newest half.");
        }
    }

    /// <summary>The confidence level and the bootstrap.</summary>
    private static void ValidateGateStatistics(GateSpec gate, List<string> problems)
    {
        if (gate.Confidence is <= 0.5 or >= 1 || double.IsNaN(gate.Confidence))
        {
            problems.Add($"gate.confidence: {gate.Confidence} must be greater than 0.5 and less than 1 (e.g. 0.95).");
        }

        if (gate.BootstrapIterations is < 100 or > 100_000)
        {
            problems.Add($"gate.bootstrapIterations: {gate.BootstrapIterations} must be between 100 and 100000.");
        }

        if (gate.BootstrapBlockRows is < 1)
        {
            problems.Add($"gate.bootstrapBlockRows: {gate.BootstrapBlockRows} must be at least 1 (1 resamples single rows; leave it unset for ⌈√n⌉).");
        }
    }

    /// <summary>The slice-regression check.</summary>
    private static void ValidateGateSlices(GateSpec gate, List<string> problems)
    {
        if (!Enum.IsDefined(gate.SliceRegression))
        {
            problems.Add($"gate.sliceRegression: '{gate.SliceRegression}' is not an action; allowed: {string.Join(", ", Enum.GetNames<SliceRegressionAction>())}.");
        }

        if (gate.SliceMinRows < 10)
        {
            problems.Add($"gate.sliceMinRows: {gate.SliceMinRows} must be at least 10.");
        }

        if (gate.SliceBins is < 2 or > 20)
        {
            problems.Add($"gate.sliceBins: {gate.SliceBins} must be between 2 and 20.");
        }

        if (gate.SliceAlpha is <= 0 or >= 1 || double.IsNaN(gate.SliceAlpha))
        {
            problems.Add($"gate.sliceAlpha: {gate.SliceAlpha} must be greater than 0 and less than 1.");
        }
    }

    private static void ValidateApproval(ApprovalSpec approval, List<string> problems)
    {
        if (approval is null)
        {
            return;
        }

        if (!(approval.TimeoutHours > 0) || approval.TimeoutHours > 24 * 30)
        {
            problems.Add($"approval.timeoutHours: {approval.TimeoutHours} must be greater than 0 and at most 720 (30 days).");
        }

        if (!Enum.IsDefined(approval.OnTimeout))
        {
            problems.Add($"approval.onTimeout: '{approval.OnTimeout}' is not a policy; allowed: {string.Join(", ", Enum.GetNames<ApprovalTimeoutPolicy>())}.");
        }
    }

    private static void ValidateGuardrails(ModelSpec spec, List<string> problems)
    {
        if (spec.Gate.Guardrails is not { } guardrails)
        {
            return;
        }

        var seen = new HashSet<EvaluationMetric>();
        for (var i = 0; i < guardrails.Count; i++)
        {
            var field = $"gate.guardrails[{i}]";
            if (guardrails[i] is not { } guardrail)
            {
                problems.Add($"{field}: a guardrail needs a metric and a margin.");
                continue;
            }

            if (!Enum.IsDefined(guardrail.Metric))
            {
                problems.Add($"{field}.metric: '{guardrail.Metric}' is not a metric; allowed for {spec.Task}: {string.Join(", ", EvaluationMetrics.ForTask(spec.Task))}.");
            }
            else if (!guardrail.Metric.AppliesTo(spec.Task))
            {
                problems.Add($"{field}.metric: {guardrail.Metric} is not computed for {spec.Task}; allowed: {string.Join(", ", EvaluationMetrics.ForTask(spec.Task))}.");
            }
            else if (!seen.Add(guardrail.Metric))
            {
                problems.Add($"{field}.metric: {guardrail.Metric} is guarded twice; list each metric once.");
            }

            if (guardrail.Margin < 0 || !double.IsFinite(guardrail.Margin))
            {
                problems.Add($"{field}.margin: {guardrail.Margin} must be 0 or more (how much worse than production, in the metric's better direction, is still deployed).");
            }
        }
    }
}
