using Microsoft.ML;
using Microsoft.ML.Data;

namespace RetrainFunctions.Core.Features;

/// <summary>
/// The rows of several data views with one schema, one view after the other, read lazily (nothing is copied). The refit
/// reads train, validation and holdout through it as one data set.
/// </summary>
internal sealed class ConcatenatedDataView : IDataView
{
    private readonly IReadOnlyList<IDataView> _parts;

    public ConcatenatedDataView(IReadOnlyList<IDataView> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var schema = parts[0].Schema;
        foreach (var part in parts)
        {
            if (part.Schema.Count != schema.Count || part.Schema.Zip(schema).Any(p => p.First.Name != p.Second.Name || !p.First.Type.Equals(p.Second.Type)))
            {
                throw new InvalidDataException("Data views to concatenate must have the same columns with the same types.");
            }
        }

        _parts = parts;
        Schema = schema;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount()
    {
        long total = 0;
        foreach (var part in _parts)
        {
            if (part.GetRowCount() is not { } rows)
            {
                return null;
            }

            total += rows;
        }

        return total;
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ConcatenatedDataView view, HashSet<int> active) : DataViewRowCursor
    {
        private readonly Dictionary<int, Delegate> _innerGetters = [];
        private DataViewRowCursor? _inner;
        private int _part = -1;
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            while (true)
            {
                if (_inner is not null && _inner.MoveNext())
                {
                    _position++;
                    return true;
                }

                _inner?.Dispose();
                _inner = null;
                _innerGetters.Clear();
                if (++_part >= view._parts.Count)
                {
                    return false;
                }

                var part = view._parts[_part];
                _inner = part.GetRowCursor(part.Schema.Where(c => active.Contains(c.Index)));
            }
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var index = column.Index;
            return (ref TValue value) =>
            {
                if (!_innerGetters.TryGetValue(index, out var getter))
                {
                    var inner = _inner ?? throw new InvalidOperationException("The cursor is not on a row.");
                    getter = inner.GetGetter<TValue>(inner.Schema[index]);
                    _innerGetters[index] = getter;
                }

                ((ValueGetter<TValue>)getter)(ref value);
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner?.Dispose();
                _inner = null;
            }

            base.Dispose(disposing);
        }
    }
}
