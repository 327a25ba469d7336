namespace RetrainFunctions.Core.Profiling;

/// <summary>One pass over a categorical column: counts per value (up to a cap) and, for class labels, the label counts per value.</summary>
internal sealed class CategoricalAccumulator(string name)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<int, long>> _labels = new(StringComparer.Ordinal);
    private long _count;
    private long _missing;
    private long _untracked;

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public void ObserveMissing() => _missing++;

    public void Observe(string value, int label)
    {
        _count++;
        if (_counts.Count >= DatasetProfiler.MaxTrackedCategories && !_counts.ContainsKey(value))
        {
            _untracked++;
            return;
        }

        _counts[value] = _counts.GetValueOrDefault(value) + 1;
        if (label >= 0)
        {
            if (!_labels.TryGetValue(value, out var byLabel))
            {
                _labels[value] = byLabel = [];
            }

            byLabel[label] = byLabel.GetValueOrDefault(label) + 1;
        }
    }

    public ColumnProfile Build(bool withAgreement)
    {
        var top = _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(DatasetProfiler.TopCategories).ToList();
        var listed = top.Sum(p => p.Value);
        double? agreement = null;
        if (withAgreement && _count >= 100 && _untracked == 0 && _counts.Count <= _count / 50)
        {
            agreement = (double)_labels.Values.Sum(l => l.Values.Max()) / _count;
        }

        return new ColumnProfile
        {
            Name = name,
            Kind = ColumnKind.Categorical,
            Count = _count,
            Missing = _missing,
            TopCategories = top.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            OtherCount = _count - listed,
            DistinctCount = _counts.Count,
            LabelAgreement = agreement,
        };
    }
}
