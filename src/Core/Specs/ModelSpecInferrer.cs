using System.Globalization;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Infers a model spec from a sample of a labeled CSV: numeric vs categorical columns, the timestamp column, the
/// task from the label's values, the positive class from common names. Every decision is explained in
/// <see cref="SpecInference.Notes"/>; a question it cannot answer (which class is positive) is a
/// <see cref="ModelSpecException"/> naming the option to pass.
/// </summary>
public static class ModelSpecInferrer
{
    private static readonly string[] PositiveNames = ["1", "true", "yes", "y", "up", "positive", "pos", "default", "fraud", "churn", "spam"];

    /// <summary>
    /// Gets the retraining policy an inferred spec starts with: retrain on a weekly schedule (<c>everyDays</c> 7; the
    /// timer's runs in between are recorded as skipped). In the backtests of <c>docs/backtest.md</c> (Elec2, Bike sharing,
    /// NOAA weather) retraining every batch was the best policy, or within 0.6 point of it, on the weekly streams; the
    /// change detectors saved retrains but lost up to 1.2 points (Elec2) and 17 MAE (Bike).
    /// </summary>
    public static PolicySpec RecommendedPolicy { get; } = new() { EveryDays = 7 };

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

        var profiles = header.Select(h => new ColumnProfile(h)).ToArray();
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
                profiles[i].Observe(record[i]);
            }
        }

        if (rows == 0)
        {
            throw new ModelSpecException("data: the file has no data rows to infer a spec from.");
        }

        var notes = new List<string> { $"Looked at {rows:N0} rows and {header.Length} columns." };
        var label = profiles.Single(p => p.Name == options.Label);
        var task = options.Task ?? InferTask(label, notes);
        var positive = task == ModelTask.BinaryClassification ? options.PositiveClass ?? InferPositive(label, notes) : null;

        var timestamp = options.TimestampColumn;
        if (timestamp is not null && !header.Contains(timestamp, StringComparer.Ordinal))
        {
            throw new ModelSpecException($"timestampColumn: column '{timestamp}' is not in the data.");
        }

        timestamp ??= profiles.FirstOrDefault(p => p.Name != options.Label && p.IsTimestamp(rows))?.Name;
        if (timestamp is not null)
        {
            notes.Add($"'{timestamp}': timestamp; rows are ordered by it and the newest are held out.");
        }

        var features = new List<FeatureSpec>();
        foreach (var profile in profiles.Where(p => p.Name != options.Label && p.Name != timestamp))
        {
            if (options.Exclude.Contains(profile.Name, StringComparer.Ordinal))
            {
                notes.Add($"'{profile.Name}': left out (--exclude).");
            }
            else if (profile.Distinct <= 1)
            {
                notes.Add($"'{profile.Name}': left out, constant in the sample.");
            }
            else if (profile.IsTimestamp(rows))
            {
                notes.Add($"'{profile.Name}': left out, a second timestamp column (derive calendar features if it matters).");
            }
            else if (profile.IsNumeric(rows))
            {
                features.Add(new FeatureSpec(profile.Name, FeatureType.Numeric));
                notes.Add($"'{profile.Name}': numeric ({profile.MissingFraction(rows) * 100:0.0}% missing).");
            }
            else if (profile.Distinct >= rows * 0.9 && rows >= 50)
            {
                notes.Add($"'{profile.Name}': left out, {profile.Distinct:N0} distinct values in {rows:N0} rows looks like an id.");
            }
            else
            {
                features.Add(new FeatureSpec(profile.Name, FeatureType.Categorical));
                notes.Add($"'{profile.Name}': categorical, {profile.DistinctText} distinct values.");
            }
        }

        var spec = new ModelSpec
        {
            Name = options.Model,
            Task = task,
            Label = new LabelSpec(options.Label, positive),
            TimestampColumn = timestamp,
            Features = features,
            Policy = RecommendedPolicy,
        };
        notes.Add("Policy: retrain every 7 days (policy.everyDays); the backtests behind this default are in docs/backtest.md.");
        return new SpecInference(ModelSpecValidator.EnsureValid(spec, $"inferred for '{options.Model}'"), notes);
    }

    private static ModelTask InferTask(ColumnProfile label, List<string> notes)
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

    private static string InferPositive(ColumnProfile label, List<string> notes)
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

    private sealed class ColumnProfile(string name)
    {
        private const int MaxTracked = 5_000;
        private readonly HashSet<string> _values = new(StringComparer.Ordinal);
        private int _missing;
        private int _numbers;
        private int _timestamps;
        private bool _overflow;

        public string Name { get; } = name;

        public int Observed { get; private set; }

        public bool AllIntegers { get; private set; } = true;

        public int Distinct => _values.Count;

        public string DistinctText => _overflow ? $"over {MaxTracked:N0}" : Distinct.ToString("N0", CultureInfo.InvariantCulture);

        public IEnumerable<string> Values => _values.Order(StringComparer.Ordinal);

        public void Observe(string value)
        {
            if (CsvValues.IsMissing(value))
            {
                _missing++;
                return;
            }

            Observed++;
            if (_values.Count < MaxTracked)
            {
                _values.Add(value.Trim());
            }
            else
            {
                _overflow = true;
            }

            if (CsvValues.TryParseNumber(value, out var number))
            {
                _numbers++;
                AllIntegers &= Math.Abs(number - Math.Round(number)) < 1e-9;
            }
            else if (CsvValues.TryParseTimestamp(value, out _))
            {
                _timestamps++;
            }
        }

        public double MissingFraction(int rows) => (double)_missing / rows;

        public bool IsNumeric(int rows) => Observed > 0 && _numbers >= 0.98 * Observed && rows > 0;

        public bool IsTimestamp(int rows) => Observed > 0 && _timestamps >= 0.98 * Observed && rows > 0;
    }
}
