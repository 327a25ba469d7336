using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Profiling;

/// <summary>
/// Profiles CSV data against a spec in one streaming pass with bounded memory: per column the count, missing
/// values, min/max/mean/std (Welford), quantiles and a sorted sample (seeded reservoir of
/// <see cref="SampleSize"/> values), a histogram on fixed edges, category counts (top <see cref="TopCategories"/>
/// plus "other"), and the label distribution. Several streams (batches) can feed one profile. Pure: no storage.
/// </summary>
/// <remarks>
/// Rows with the wrong number of fields are skipped (validation reports them). Histogram edges are 20 equal-width
/// bins over the range of the first <see cref="SampleSize"/> values, with underflow and overflow bins for later
/// values outside it, so the counts stay exact in one pass.
/// </remarks>
public sealed class DatasetProfiler
{
    /// <summary>The reservoir sample size per numeric column: 4,096.</summary>
    public const int SampleSize = 4096;

    /// <summary>The number of equal-width histogram bins: 20.</summary>
    public const int HistogramBins = 20;

    /// <summary>The number of categories listed in a profile: 100 (the rest are "other").</summary>
    public const int TopCategories = 100;

    /// <summary>The number of distinct categories counted per column: 10,000.</summary>
    public const int MaxTrackedCategories = 10_000;

    private const int MaxTrackedRowHashes = 4_000_000;
    private const int MaxLabelClasses = 1000;

    private readonly ModelSpec _spec;
    private readonly NumericAccumulator?[] _numeric;
    private readonly CategoricalAccumulator?[] _categorical;
    private readonly NumericAccumulator? _numericLabel;
    private readonly CategoricalAccumulator? _classLabel;
    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> _rowHashes = [];
    private long _rows;
    private long _duplicates;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    /// <summary>Creates a profiler for data of <paramref name="spec"/>.</summary>
    public DatasetProfiler(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _numeric = [.. spec.Features.Select(f => f.Type == FeatureType.Numeric ? new NumericAccumulator(f.Name) : null)];
        _categorical = [.. spec.Features.Select(f => f.Type == FeatureType.Numeric ? null : new CategoricalAccumulator(f.Name))];
        if (spec.Task == ModelTask.Regression)
        {
            _numericLabel = new NumericAccumulator(spec.Label.Column);
        }
        else
        {
            _classLabel = new CategoricalAccumulator(spec.Label.Column);
        }
    }

    /// <summary>Gets the quantile probabilities every numeric profile lists.</summary>
    public static IReadOnlyList<double> QuantileProbabilities { get; } = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

    /// <summary>Profiles one CSV stream against <paramref name="spec"/>.</summary>
    /// <exception cref="CsvFormatException">The stream is not readable CSV or lacks a spec column.</exception>
    public static DatasetProfile Profile(Stream csv, ModelSpec spec)
    {
        var profiler = new DatasetProfiler(spec);
        profiler.Add(csv);
        return profiler.Build();
    }

    /// <summary>Profiles a stream of numbers as one numeric column named <paramref name="name"/> (non-finite values count as missing).</summary>
    public static ColumnProfile ProfileValues(string name, IEnumerable<double> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        var accumulator = new NumericAccumulator(name);
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                accumulator.Observe(value, -1);
            }
            else
            {
                accumulator.ObserveMissing();
            }
        }

        return accumulator.Build(0);
    }

    /// <summary>Reads every row of <paramref name="csv"/> (disposed) into the profile.</summary>
    /// <exception cref="CsvFormatException">The stream is not readable CSV or lacks a spec column.</exception>
    public void Add(Stream csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var reader = new CsvReader(csv);
        var header = reader.ReadHeader();
        Add(header, Records(reader));
    }

    /// <summary>Adds parsed <paramref name="records"/> whose columns <paramref name="header"/> names.</summary>
    /// <exception cref="CsvFormatException">The header lacks a spec column.</exception>
    public void Add(IReadOnlyList<string> header, IEnumerable<string[]> records)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(records);
        var names = header.Select(h => h.Trim()).ToArray();
        int IndexOf(string column)
        {
            var i = Array.IndexOf(names, column);
            return i >= 0 ? i : throw new CsvFormatException($"Column '{column}' required by the spec is missing.", 1);
        }

        var featureIndex = _spec.Features.Select(f => IndexOf(f.Name)).ToArray();
        var labelIndex = IndexOf(_spec.Label.Column);
        var timestampIndex = _spec.TimestampColumn is null ? -1 : IndexOf(_spec.TimestampColumn);
        foreach (var record in records)
        {
            if (record.Length != names.Length)
            {
                continue;
            }

            AddRow(record, featureIndex, labelIndex, timestampIndex);
        }
    }

    /// <summary>Builds the profile of everything added so far.</summary>
    public DatasetProfile Build()
    {
        var classes = _classLabel is null ? 0 : _classes.Count;
        var features = _spec.Features.Select((f, i) => _numeric[i]?.Build(classes) ?? _categorical[i]!.Build(classes > 0)).ToList();
        var label = _numericLabel?.Build(0) ?? _classLabel!.Build(false);
        return new DatasetProfile(_rows, _duplicates, features, label, _first, _last);
    }

    private static IEnumerable<string[]> Records(CsvReader reader)
    {
        while (reader.ReadRecord() is { } record)
        {
            yield return record;
        }
    }

    private void AddRow(string[] record, int[] featureIndex, int labelIndex, int timestampIndex)
    {
        _rows++;
        var labelText = record[labelIndex];
        var label = -1;
        if (CsvValues.IsMissing(labelText))
        {
            _classLabel?.ObserveMissing();
            _numericLabel?.ObserveMissing();
        }
        else if (_classLabel is not null)
        {
            var key = labelText.Trim();
            if (!_classes.TryGetValue(key, out label) && _classes.Count < MaxLabelClasses)
            {
                label = _classes[key] = _classes.Count;
            }

            _classLabel.Observe(key, -1);
        }
        else if (CsvValues.TryParseNumber(labelText, out var y))
        {
            _numericLabel!.Observe(y, -1);
        }
        else
        {
            _numericLabel!.ObserveMissing();
        }

        for (var f = 0; f < featureIndex.Length; f++)
        {
            var text = record[featureIndex[f]];
            if (_numeric[f] is { } numeric)
            {
                if (!CsvValues.IsMissing(text) && CsvValues.TryParseNumber(text, out var x))
                {
                    numeric.Observe(x, label);
                }
                else
                {
                    numeric.ObserveMissing();
                }
            }
            else if (CsvValues.IsMissing(text))
            {
                _categorical[f]!.ObserveMissing();
            }
            else
            {
                _categorical[f]!.Observe(text.Trim(), label);
            }
        }

        if (timestampIndex >= 0 && CsvValues.TryParseTimestamp(record[timestampIndex], out var timestamp))
        {
            _first = _first is null || timestamp < _first ? timestamp : _first;
            _last = _last is null || timestamp > _last ? timestamp : _last;
        }

        var hash = RowHash(record, featureIndex, labelIndex, timestampIndex);
        if (_rowHashes.Contains(hash))
        {
            _duplicates++;
        }
        else if (_rowHashes.Count < MaxTrackedRowHashes)
        {
            _rowHashes.Add(hash);
        }
    }

    private static ulong RowHash(string[] record, int[] featureIndex, int labelIndex, int timestampIndex)
    {
        // FNV-1a over the spec's columns, with a separator, 64 bits so a million rows rarely collide.
        var hash = 14695981039346656037UL;
        void Mix(string field)
        {
            foreach (var c in field)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0x1F) * 1099511628211UL;
        }

        foreach (var i in featureIndex)
        {
            Mix(record[i]);
        }

        Mix(record[labelIndex]);
        if (timestampIndex >= 0)
        {
            Mix(record[timestampIndex]);
        }

        return hash;
    }
}
