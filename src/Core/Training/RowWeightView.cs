using Microsoft.ML;
using Microsoft.ML.Data;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// A view that adds one <see cref="float"/> example-weight column, a function of each row's position, to a source: the
/// recency weights of <see cref="TrainingWindow.Weight"/> on a time-ordered window, or one constant weight for every row
/// (the label check's cross-fit). It cannot shuffle and reads in one cursor, so positions are the rows' order in the source.
/// </summary>
internal sealed class RowWeightView : IDataView
{
    private readonly IDataView _source;
    private readonly long? _rows;
    private readonly Func<long, float> _weightOf;
    private readonly int _weightIndex;

    public RowWeightView(IDataView source, long? rows, Func<long, float> weightOf, string weightColumn)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(weightOf);
        (_source, _rows, _weightOf) = (source, rows, weightOf);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        builder.AddColumn(weightColumn, NumberDataViewType.Single);
        Schema = builder.ToSchema();
        _weightIndex = Schema.Count - 1;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows ?? _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.Where(c => c.Index != _weightIndex).Select(c => _source.Schema[c.Index]).ToList();
        return new Cursor(this, _source.GetRowCursor(needed));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(RowWeightView parent, DataViewRowCursor source) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == parent._weightIndex || source.IsColumnActive(source.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != parent._weightIndex)
            {
                return source.GetGetter<TValue>(source.Schema[column.Index]);
            }

            ValueGetter<float> weight = (ref float value) => value = parent._weightOf(_position);
            return weight as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is a float; it cannot be read as {typeof(TValue).Name}.");
        }

        public override bool MoveNext()
        {
            if (!source.MoveNext())
            {
                return false;
            }

            _position++;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
