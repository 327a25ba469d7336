using System.Globalization;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Infers a model spec from a sample of a labeled CSV: numeric vs categorical columns, the timestamp column, the
/// task from the label's values, the positive class from common names. Columns that cannot generalise are left out:
/// numeric columns whose rank correlation with time is at least 0.99 (a row counter: every future value lies outside the
/// training range), ids (distinct integers or text, one per row), and columns that give the label away alone or as the
/// sum or difference of a pair (<see cref="LabelLeakFinder"/>); <see cref="SpecInferenceOptions.Include"/> keeps one
/// anyway. Columns constant in the sample are kept (they may vary later). Every decision is explained in
/// <see cref="SpecInference.Notes"/>; a question it cannot answer (which class is positive) is a
/// <see cref="ModelSpecException"/> naming the option to pass.
/// </summary>
public static class ModelSpecInferrer
{
    /// <summary>Fewer rows than this and no column is judged an id, time-moving or a label leak.</summary>
    private const int MinRowsForPatterns = 50;

    /// <summary>The |rank correlation| with time from which a numeric column counts as moving with time.</summary>
    private const double TimeCorrelation = 0.99;

    private static readonly string[] PositiveNames = ["1", "true", "yes", "y", "up", "positive", "pos", "default", "fraud", "churn", "spam"];

    /// <summary>
    /// Gets the retraining policy an inferred spec starts with: retrain on a weekly schedule (<c>everyDays</c> 7; the
    /// timer's runs in between are recorded as skipped). In the backtests of <c>docs/backtest.md</c> (Elec2, Bike sharing,
    /// NOAA weather) retraining every batch was the best policy, or within 0.6 point of it, on the weekly streams; the
    /// change detectors saved retrains but lost up to 1.2 points (Elec2) and 17 MAE (Bike).
    /// </summary>
    public static PolicySpec RecommendedPolicy { get; } = new() { EveryDays = 7 };

    /// <summary>
    /// Gets the training-window shares <c>init</c> offers every trainer besides the whole window: the newest eighth, quarter
    /// and half. On a drifting stream a short window wins; on a stable one the whole window does; the selection rows decide.
    /// </summary>
    public static IReadOnlyList<double> RecommendedCandidateFractions { get; } = [0.125, 0.25, 0.5];

    /// <summary>
    /// Gets the trainers <c>init</c> lists for binary classification: one boosted-tree model, one linear model and
    /// <see cref="TrainerKind.Ensemble"/>, the mean of their probabilities, each on every candidate window; the selection
    /// rows choose. The two make different errors under drift and their mean was the better classifier on Elec2
    /// (docs/backtest.md: 77.00 % → 77.40 % with the issue's command; in a Python replay of the same batches the mean of
    /// HistGradientBoosting and logistic regression on the newest 5,000 rows scored 78.78 % against 78.11 % for the trees
    /// alone). FastTree, the second boosted-tree model of <see cref="TrainerKinds.DefaultsFor"/>, is left out: it made
    /// no difference there (77.35 % with it) and costs a fifth of the candidates. Multiclass keeps the defaults.
    /// </summary>
    public static IReadOnlyList<TrainerKind> RecommendedBinaryTrainers { get; } = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble];

    /// <summary>
    /// Gets what the selection rows choose among in the spec <c>init</c> writes for the tasks it lists
    /// <see cref="TrainerKind.Ensemble"/> for (binary classification and regression): the ensembles only, one per window,
    /// so they choose a window and the model families are always averaged. In replays of the pipeline's protocol
    /// (docs/backtest.md, "Seventh session"; every retrain deployed) choosing among all twelve candidates scored 77.58 % on
    /// Elec2 and 80.39 % on Weather (every third batch), choosing among the four ensembles 78.21 % and 80.57 %: a model
    /// family chosen on rows older than the ones it predicts was yesterday's winner. Bike's backtest: MAE 33.54 → 33.35.
    /// </summary>
    public static CandidateSelection RecommendedSelection => CandidateSelection.Ensembles;

    /// <summary>
    /// Gets the most selection rows in the spec <c>init</c> writes: 1,000, the newest rows before the comparison rows,
    /// so the candidates are ranked on how they predict the weeks just before the rows production is judged on, not a
    /// season earlier (without a cap they are the newest tenth of the snapshot: 4,500 rows, thirteen weeks, on Elec2).
    /// Measured with the ensembles competing (docs/backtest.md, "Seventh session"): Elec2's backtest 77.79 % → 78.94 %
    /// (replay: 4,500 / 2,000 / 1,000 rows 78.21 / 78.37 / 78.79 %); Weather, whose snapshot holds 1,800 selection rows
    /// at most, 80.57 % → 80.54 % in the replay.
    /// </summary>
    public static int RecommendedSelectionMaxRows => 1_000;

    /// <summary>
    /// Gets the trainers <c>init</c> lists for regression: the two boosted-tree models and <see cref="TrainerKind.Ensemble"/>,
    /// the mean of their predictions, each on every candidate window; the selection rows choose. On Bike the selection
    /// rows had split their choices between LightGbm and FastTree (55 and 45 of 100 runs, SDCA never), and their mean won
    /// 46 of 100 once listed: MAE 33.87 → 33.65 with the issue's command (docs/backtest.md). SDCA, the linear model of
    /// <see cref="TrainerKinds.DefaultsFor"/>, is left out: a straight line through counts scored MAE 109 in the naive
    /// loop on the same batches, and it was never chosen.
    /// </summary>
    public static IReadOnlyList<TrainerKind> RecommendedRegressionTrainers { get; } = [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.Ensemble];

    /// <summary>Infers a spec from <paramref name="csv"/>.</summary>
    public static SpecInference Infer(Stream csv, SpecInferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        ModelName.Validate(options.Model, nameof(options.Model));

        using var reader = new CsvReader(csv);
        var header = reader.ReadHeader().Select(h => h.Trim()).ToArray();
        if (!header.Contains(options.Label, StringComparer.Ordinal))
        {
            throw new ModelSpecException($"label: column '{options.Label}' is not in the data; columns: {string.Join(", ", header)}.");
        }

        CheckIncluded(header, options);

        var (columns, rows) = Sample(reader, header, options);
        var notes = new List<string> { $"Looked at {rows:N0} rows and {header.Length} columns." };
        var label = columns.Single(p => p.Name == options.Label);
        var task = options.Task ?? InferTask(label, notes);
        var positive = task == ModelTask.BinaryClassification ? options.PositiveClass ?? InferPositive(label, notes) : null;

        var timestamp = options.TimestampColumn;
        if (timestamp is not null && !header.Contains(timestamp, StringComparer.Ordinal))
        {
            throw new ModelSpecException($"timestampColumn: column '{timestamp}' is not in the data.");
        }

        timestamp ??= columns.FirstOrDefault(p => p.Name != options.Label && p.IsTimestamp(rows))?.Name;
        if (timestamp is not null)
        {
            notes.Add($"'{timestamp}': timestamp; rows are ordered by it and the newest are held out.");
        }

        var others = columns.Where(p => p.Name != options.Label && p.Name != timestamp).ToList();
        var candidates = others.Where(p => !options.Exclude.Contains(p.Name, StringComparer.Ordinal) && p.Distinct > 0 && !p.IsTimestamp(rows)).ToList();
        var timeOrder = TimeOrder(columns.FirstOrDefault(p => p.Name == timestamp), rows);
        var reasons = Screen(candidates, rows, timeOrder, label.Name, LabelValues(label, task, positive), notes);
        var features = ChooseFeatures(others, reasons, options, rows, notes);

        var spec = new ModelSpec
        {
            Name = options.Model,
            Task = task,
            Label = new LabelSpec(options.Label, positive),
            TimestampColumn = timestamp,
            Features = features,
            Trainers = task switch
            {
                ModelTask.BinaryClassification => RecommendedBinaryTrainers,
                ModelTask.Regression => RecommendedRegressionTrainers,
                _ => [],
            },
            Window = new WindowSpec { CandidateFractions = RecommendedCandidateFractions },
            Gate = new GateSpec
            {
                SelectAmong = task is ModelTask.BinaryClassification or ModelTask.Regression ? RecommendedSelection : CandidateSelection.All,
                SelectionMaxRows = RecommendedSelectionMaxRows,
            },
            Policy = RecommendedPolicy,
        };
        if (task == ModelTask.BinaryClassification)
        {
            notes.Add("Trainers: LightGbm and LbfgsLogisticRegression, averaged by Ensemble (the mean of their probabilities) on each window; the selection rows choose the window (gate.selectAmong Ensembles).");
        }
        else if (task == ModelTask.Regression)
        {
            notes.Add("Trainers: LightGbm and FastTree, averaged by Ensemble (the mean of their predictions) on each window; the selection rows choose the window (gate.selectAmong Ensembles).");
        }

        notes.Add("Window: each trainer is also tried on the newest 1/8, 1/4 and 1/2 of the training rows (window.candidateFractions); the selection rows, the newest 1,000 before the comparison rows (gate.selectionMaxRows), choose.");
        notes.Add("Policy: retrain every 7 days (policy.everyDays); the backtests behind this default are in docs/backtest.md.");
        return new SpecInference(ModelSpecValidator.EnsureValid(spec, $"inferred for '{options.Model}'"), notes);
    }

    /// <summary>Refuses an <see cref="SpecInferenceOptions.Include"/> column that is not in the data or is also excluded.</summary>
    private static void CheckIncluded(string[] header, SpecInferenceOptions options)
    {
        foreach (var column in options.Include)
        {
            if (!header.Contains(column, StringComparer.Ordinal) || options.Exclude.Contains(column, StringComparer.Ordinal))
            {
                throw new ModelSpecException($"include: column '{column}' is {(header.Contains(column, StringComparer.Ordinal) ? "also excluded (--exclude)" : "not in the data")}.");
            }
        }
    }

    /// <summary>Observes up to <see cref="SpecInferenceOptions.SampleRows"/> well-formed records, column by column.</summary>
    private static (SampledColumn[] Columns, int Rows) Sample(CsvReader reader, string[] header, SpecInferenceOptions options)
    {
        var columns = header.Select(h => new SampledColumn(h, keepText: h == options.Label)).ToArray();
        var rows = 0;
        while (rows < options.SampleRows && reader.ReadRecord() is { } record)
        {
            if (record.Length != header.Length)
            {
                continue;
            }

            rows++;
            for (var i = 0; i < record.Length; i++)
            {
                columns[i].Observe(record[i]);
            }
        }

        if (rows == 0)
        {
            throw new ModelSpecException("data: the file has no data rows to infer a spec from.");
        }

        return (columns, rows);
    }

    /// <summary>
    /// The features among the columns other than the label and the timestamp: each is kept (numeric or categorical) or
    /// left out (excluded, empty, a second timestamp, screened out and not included), with a note saying which and why.
    /// </summary>
    private static List<FeatureSpec> ChooseFeatures(List<SampledColumn> others, Dictionary<string, string> reasons, SpecInferenceOptions options, int rows, List<string> notes)
    {
        var features = new List<FeatureSpec>();
        foreach (var column in others)
        {
            if (options.Exclude.Contains(column.Name, StringComparer.Ordinal))
            {
                notes.Add($"'{column.Name}': left out (--exclude).");
            }
            else if (column.Distinct == 0)
            {
                notes.Add($"'{column.Name}': left out, no values in the sample.");
            }
            else if (column.IsTimestamp(rows))
            {
                notes.Add($"'{column.Name}': left out, a second timestamp column (derive calendar features if it matters).");
            }
            else if (reasons.TryGetValue(column.Name, out var reason) && !options.Include.Contains(column.Name, StringComparer.Ordinal))
            {
                notes.Add($"'{column.Name}': left out, {reason}. Pass --include {column.Name} to keep it.");
            }
            else
            {
                var type = column.IsNumeric(rows) ? FeatureType.Numeric : FeatureType.Categorical;
                features.Add(new FeatureSpec(column.Name, type));
                notes.Add(Describe(column, type, rows, reason));
            }
        }

        return features;
    }

    private static ModelTask InferTask(SampledColumn label, List<string> notes)
    {
        ModelTask task;
        if (label.Distinct == 2)
        {
            task = ModelTask.BinaryClassification;
        }
        else if (label.IsNumeric(label.Observed) && (!label.AllIntegers || label.Distinct > 20))
        {
            task = ModelTask.Regression;
        }
        else
        {
            task = ModelTask.MulticlassClassification;
        }

        notes.Add($"Label '{label.Name}': {label.DistinctText} distinct values → {task} (pass --task to override).");
        return task;
    }

    private static string InferPositive(SampledColumn label, List<string> notes)
    {
        var values = label.Values.ToList();
        var match = values.Where(v => PositiveNames.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        if (match.Count != 1)
        {
            throw new ModelSpecException(
                $"label.positiveClass: cannot tell which value of '{label.Name}' is positive among {string.Join(", ", values.Select(v => $"'{v}'"))}; pass --positive-class with one of them.");
        }

        notes.Add($"Positive class: '{match[0]}' (pass --positive-class to override).");
        return match[0];
    }

    /// <summary>The order time runs in: the timestamp column's values when it has enough of them, the row order otherwise.</summary>
    private static (double[] Values, string Name) TimeOrder(SampledColumn? timestamp, int rows)
    {
        if (timestamp is not null)
        {
            var values = timestamp.IsTimestamp(rows) ? timestamp.Timestamps : timestamp.Numbers;
            var present = 0;
            foreach (var value in values)
            {
                present += double.IsNaN(value) ? 0 : 1;
            }

            if (present >= MinRowsForPatterns)
            {
                return (values.ToArray(), $"'{timestamp.Name}'");
            }
        }

        return ([.. Enumerable.Range(0, rows).Select(i => (double)i)], "row order");
    }

    /// <summary>
    /// Finds the candidate columns that cannot generalise, with the reason: numeric columns that move with time, ids
    /// (distinct integers or text, one per row; or text with a distinct value on 90 % of the rows), and numeric columns
    /// that give the label away (<see cref="LabelLeakFinder"/>).
    /// </summary>
    private static Dictionary<string, string> Screen(
        IReadOnlyList<SampledColumn> candidates, int rows, (double[] Values, string Name) timeOrder, string labelName, double[]? labelValues, List<string> notes)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rows < MinRowsForPatterns)
        {
            notes.Add($"Fewer than {MinRowsForPatterns} rows: no column is checked for moving with time, being an id or giving the label away.");
            return reasons;
        }

        foreach (var column in candidates)
        {
            if (column.IsNumeric(rows))
            {
                if (Correlations.Spearman(column.Numbers, timeOrder.Values, MinRowsForPatterns) is { } rho && Math.Abs(rho) >= TimeCorrelation)
                {
                    reasons[column.Name] = string.Create(CultureInfo.InvariantCulture, $"moves with time (rank correlation {rho:0.000} with {timeOrder.Name}); every future value lies outside the training range");
                }
                else if (column.AllIntegers && column.AllDistinct && column.Observed >= MinRowsForPatterns)
                {
                    reasons[column.Name] = string.Create(CultureInfo.InvariantCulture, $"its {column.Observed:N0} values are distinct integers, one per row: looks like an id");
                }
            }
            else if (column.AllDistinct && column.Observed >= MinRowsForPatterns)
            {
                reasons[column.Name] = string.Create(CultureInfo.InvariantCulture, $"its {column.Observed:N0} values are all distinct, one per row: looks like an id");
            }
            else if (column.Distinct >= rows * 0.9)
            {
                reasons[column.Name] = string.Create(CultureInfo.InvariantCulture, $"{column.DistinctText} distinct values in {rows:N0} rows looks like an id");
            }
        }

        if (labelValues is not null)
        {
            var numeric = candidates.Where(c => c.IsNumeric(rows) && !reasons.ContainsKey(c.Name)).ToList();
            foreach (var (name, reason) in LabelLeakFinder.Find(numeric, labelValues, labelName, notes))
            {
                reasons[name] = reason;
            }
        }

        return reasons;
    }

    /// <summary>The label as numbers for the leakage search: the value (regression) or 1 for the positive class (binary).</summary>
    private static double[]? LabelValues(SampledColumn label, ModelTask task, string? positive) => task switch
    {
        ModelTask.Regression => label.Numbers.ToArray(),
        ModelTask.BinaryClassification => [.. label.Texts.Select(t => t is null ? double.NaN : string.Equals(t, positive?.Trim(), StringComparison.Ordinal) ? 1.0 : 0.0)],
        _ => null,
    };

    private static string Describe(SampledColumn column, FeatureType type, int rows, string? reason)
    {
        var text = type == FeatureType.Numeric
            ? $"'{column.Name}': numeric ({column.MissingFraction(rows) * 100:0.0}% missing)"
            : $"'{column.Name}': categorical, {column.DistinctText} distinct values";
        if (column.Distinct == 1)
        {
            text += "; constant in the sample, kept: it may vary in later data";
        }

        if (reason is not null)
        {
            text += $"; kept by --include although {reason}";
        }

        return text + ".";
    }
}
