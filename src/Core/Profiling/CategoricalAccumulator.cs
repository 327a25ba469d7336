using System.Text;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Profiling;

/// <summary>One pass over a categorical column: counts per value (up to a cap) and, for class labels, the label counts per value.</summary>
internal sealed class CategoricalAccumulator
{
    private readonly string _name;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<long> _counts = [];
    private readonly List<long[]?> _labels = [];
    private readonly Dictionary<ulong, int> _packed = [];
    private char[] _chars = new char[64];
    private long _count;
    private long _missing;
    private long _untracked;

    public CategoricalAccumulator(string name)
    {
        _name = name;
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void ObserveMissing() => _missing++;

    /// <summary>Counts <paramref name="value"/> (already trimmed) with the row's label index (−1 for none).</summary>
    public void Observe(ReadOnlySpan<char> value, int label)
    {
        _count++;
        var i = Find(value);
        if (i >= 0)
        {
            Count(i, label);
        }
    }

    /// <summary>
    /// Counts the raw UTF-8 <paramref name="field"/> (untrimmed; missing values count as missing) with the row's label
    /// index. Short ASCII values are looked up by their bytes packed into a number, without decoding.
    /// </summary>
    public void ObserveUtf8(ReadOnlySpan<byte> field, int label)
    {
        var packable = TryPack(field, out var key);
        if (packable && _packed.TryGetValue(key, out var known))
        {
            _count++;
            Count(known, label);
            return;
        }

        if (_chars.Length < field.Length)
        {
            _chars = new char[field.Length * 2];
        }

        var value = _chars.AsSpan(0, Encoding.UTF8.GetChars(field, _chars)).Trim();
        if (CsvValues.IsMissing(value))
        {
            _missing++;
            return;
        }

        _count++;
        var i = Find(value);
        if (i >= 0)
        {
            Count(i, label);
            if (packable)
            {
                _packed[key] = i;
            }
        }
    }

    /// <summary>
    /// Packs 1–7 ASCII bytes without surrounding whitespace (so trimming would not change them) and their length into
    /// one distinct number.
    /// </summary>
    internal static bool TryPack(ReadOnlySpan<byte> field, out ulong key)
    {
        key = 0;
        if (field.Length is 0 or > 7 || field[0] <= (byte)' ' || field[^1] <= (byte)' ')
        {
            return false;
        }

        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] >= 0x80)
            {
                return false;
            }

            key |= (ulong)field[i] << (8 * i);
        }

        key |= (ulong)field.Length << 56;
        return true;
    }

    private int Find(ReadOnlySpan<char> value)
    {
        if (!_lookup.TryGetValue(value, out var i))
        {
            if (_index.Count >= DatasetProfiler.MaxTrackedCategories)
            {
                _untracked++;
                return -1;
            }

            i = _index.Count;
            _lookup[value] = i;
            _counts.Add(0);
            _labels.Add(null);
        }

        return i;
    }

    private void Count(int i, int label)
    {
        _counts[i]++;
        if (label >= 0)
        {
            var byLabel = _labels[i];
            if (byLabel is null || byLabel.Length <= label)
            {
                Array.Resize(ref byLabel, Math.Max(label + 1, 2 * (byLabel?.Length ?? 1)));
                _labels[i] = byLabel;
            }

            byLabel[label]++;
        }
    }

    public ColumnProfile Build(bool withAgreement)
    {
        var top = _index.OrderByDescending(p => _counts[p.Value]).ThenBy(p => p.Key, StringComparer.Ordinal).Take(DatasetProfiler.TopCategories).ToList();
        var listed = top.Sum(p => _counts[p.Value]);
        double? agreement = null;
        if (withAgreement && _count >= 100 && _untracked == 0 && _index.Count <= _count / 50)
        {
            agreement = (double)_labels.Sum(l => l is null ? 0 : l.Max()) / _count;
        }

        return new ColumnProfile
        {
            Name = _name,
            Kind = ColumnKind.Categorical,
            Count = _count,
            Missing = _missing,
            TopCategories = top.ToDictionary(p => p.Key, p => _counts[p.Value], StringComparer.Ordinal),
            OtherCount = _count - listed,
            DistinctCount = _index.Count,
            LabelAgreement = agreement,
        };
    }
}
