using System.Globalization;
using System.Runtime.InteropServices;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// One column of the rows <see cref="ModelSpecInferrer"/> samples: counts and distinct values for typing it, and its
/// values row by row (numbers, timestamps as Unix milliseconds, NaN where missing or not of that kind) for the
/// correlations that find columns that cannot generalise.
/// </summary>
internal sealed class SampledColumn(string name, bool keepText = false)
{
    private const int MaxTracked = 5_000;
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly List<double> _numbers = [];
    private readonly List<string?>? _texts = keepText ? [] : null;
    private List<double>? _times;
    private HashSet<string>? _untracked;
    private int _missing;
    private int _numberCount;
    private int _timestampCount;
    private bool _overflow;
    private bool _allDistinct = true;

    public string Name { get; } = name;

    /// <summary>Gets how many sampled rows hold a value (not missing).</summary>
    public int Observed { get; private set; }

    public bool AllIntegers { get; private set; } = true;

    /// <summary>Gets the number of distinct values, counted up to 5,000.</summary>
    public int Distinct => _values.Count;

    /// <summary>Gets whether no value occurs twice (counted over every sampled row, beyond 5,000 values too).</summary>
    public bool AllDistinct => _allDistinct && Observed > 0;

    public string DistinctText => _overflow ? $"over {MaxTracked:N0}" : Distinct.ToString("N0", CultureInfo.InvariantCulture);

    public IEnumerable<string> Values => _values.Order(StringComparer.Ordinal);

    /// <summary>Gets the value of each sampled row as a number; NaN where missing or not a number.</summary>
    public ReadOnlySpan<double> Numbers => CollectionsMarshal.AsSpan(_numbers);

    /// <summary>Gets the value of each sampled row as Unix milliseconds; NaN where missing or not a timestamp; empty when no value is one.</summary>
    public ReadOnlySpan<double> Timestamps => CollectionsMarshal.AsSpan(_times);

    /// <summary>Gets the trimmed text of each sampled row (null where missing) when the column was created to keep it.</summary>
    public IReadOnlyList<string?> Texts => _texts ?? [];

    public void Observe(string value)
    {
        if (CsvValues.IsMissing(value))
        {
            _missing++;
            Append(double.NaN, double.NaN, null);
            return;
        }

        Observed++;
        var trimmed = value.Trim();
        Track(trimmed);
        var number = double.NaN;
        var time = double.NaN;
        if (CsvValues.TryParseNumber(trimmed, out var parsed))
        {
            _numberCount++;
            number = parsed;
            AllIntegers &= Math.Abs(parsed - Math.Round(parsed)) < 1e-9;
        }
        else if (CsvValues.TryParseTimestamp(trimmed, out var timestamp))
        {
            _timestampCount++;
            time = timestamp.ToUnixTimeMilliseconds();
        }

        Append(number, time, trimmed);
    }

    public double MissingFraction(int rows) => (double)_missing / rows;

    public bool IsNumeric(int rows) => Observed > 0 && _numberCount >= 0.98 * Observed && rows > 0;

    public bool IsTimestamp(int rows) => Observed > 0 && _timestampCount >= 0.98 * Observed && rows > 0;

    private void Track(string value)
    {
        if (_values.Count < MaxTracked)
        {
            _allDistinct &= _values.Add(value);
            return;
        }

        _overflow = true;
        if (_allDistinct)
        {
            _untracked ??= new HashSet<string>(StringComparer.Ordinal);
            if (_values.Contains(value) || !_untracked.Add(value))
            {
                _allDistinct = false;
                _untracked = null;
            }
        }
    }

    private void Append(double number, double time, string? text)
    {
        if (!double.IsNaN(time) && _times is null)
        {
            _times = new List<double>(_numbers.Count + 1);
            _times.AddRange(Enumerable.Repeat(double.NaN, _numbers.Count));
        }

        _numbers.Add(number);
        _times?.Add(time);
        _texts?.Add(text);
    }
}
