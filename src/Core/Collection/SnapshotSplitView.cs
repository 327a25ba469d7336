using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Collection;

/// <summary>
/// One split of a snapshot as an ML.NET <see cref="IDataView"/>: the rows <c>order[start..start+count]</c> of a
/// <see cref="SnapshotTable"/>, with exactly the schema <see cref="SpecDataLoader"/> gives a split CSV (features in spec
/// order as <see cref="float"/> or text, then <see cref="MlColumns.RawLabel"/> text and a Boolean <see cref="MlColumns.Label"/>
/// for binary classification, a text label for multiclass, a <see cref="float"/> label for regression). It is written once
/// with <c>SaveAsBinary</c>; getters read the arrays in place, so a pass allocates nothing per row.
/// </summary>
internal sealed class SnapshotSplitView : IDataView
{
    private readonly SnapshotTable _table;
    private readonly int[] _order;
    private readonly int _start;
    private readonly int _count;
    private readonly bool[]? _positive;

    public SnapshotSplitView(SnapshotTable table, int[] order, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, order.Length);
        (_table, _order, _start, _count) = (table, order, start, count);
        Schema = BuildSchema(table.Spec);
        if (table.Spec.Task == ModelTask.BinaryClassification)
        {
            var positive = (table.Spec.Label.PositiveClass ?? throw new InvalidOperationException("Binary classification needs label.positiveClass.")).Trim();
            _positive = [.. table.Strings(table.LabelColumn).Select(s => string.Equals(s.Trim(), positive, StringComparison.OrdinalIgnoreCase))];
        }
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private static DataViewSchema BuildSchema(ModelSpec spec)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var feature in spec.Features)
        {
            builder.AddColumn(MlColumns.ForFeature(feature.Name), feature.Type == FeatureType.Numeric ? NumberDataViewType.Single : TextDataViewType.Instance);
        }

        switch (spec.Task)
        {
            case ModelTask.BinaryClassification:
                builder.AddColumn(MlColumns.RawLabel, TextDataViewType.Instance);
                builder.AddColumn(MlColumns.Label, BooleanDataViewType.Instance);
                break;
            case ModelTask.MulticlassClassification:
                builder.AddColumn(MlColumns.Label, TextDataViewType.Instance);
                break;
            case ModelTask.Regression:
                builder.AddColumn(MlColumns.Label, NumberDataViewType.Single);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Task, "Unknown model task.");
        }

        return builder.ToSchema();
    }

    private sealed class Cursor(SnapshotSplitView view) : DataViewRowCursor
    {
        private long _position = -1;
        private int _row = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._count)
            {
                _position = view._count;
                return false;
            }

            _position++;
            _row = view._order[view._start + (int)_position];
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var table = view._table;
            var index = Math.Min(column.Index, table.LabelColumn);
            Delegate getter;
            if (column.Name == MlColumns.Label && view._positive is { } positive)
            {
                getter = (ValueGetter<bool>)((ref bool value) => value = positive[table.Codes(index)[_row]]);
            }
            else if (table.IsNumeric(index))
            {
                getter = (ValueGetter<float>)((ref float value) => value = table.Numbers(index)[_row]);
            }
            else
            {
                var strings = table.Strings(index);
                getter = (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = strings[table.Codes(index)[_row]].AsMemory());
            }

            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
