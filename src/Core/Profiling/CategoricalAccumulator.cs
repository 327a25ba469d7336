namespace RetrainFunctions.Core.Profiling;

/// <summary>One pass over a categorical column: counts per value (up to a cap) and, for class labels, the label counts per value.</summary>
internal sealed class CategoricalAccumulator
{
    private readonly string _name;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<long> _counts = [];
    private readonly List<long[]?> _labels = [];
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
        if (!_lookup.TryGetValue(value, out var i))
        {
            if (_index.Count >= DatasetProfiler.MaxTrackedCategories)
            {
                _untracked++;
                return;
            }

            i = _index.Count;
            _lookup[value] = i;
            _counts.Add(0);
            _labels.Add(null);
        }

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
