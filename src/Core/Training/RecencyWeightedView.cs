using Microsoft.ML;
using Microsoft.ML.Data;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// A view that adds one <see cref="float"/> column holding <see cref="TrainingWindow.Weight"/> of each row's position to
/// a time-ordered source. It cannot shuffle and reads in one cursor, so positions are the rows' order in the source.
/// </summary>
internal sealed class RecencyWeightedView : IDataView
{
    private readonly IDataView _source;
    private readonly long _rows;
    private readonly double _halfLifeRows;
    private readonly int _weightIndex;

    public RecencyWeightedView(IDataView source, long rows, double halfLifeRows, string weightColumn)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeRows);
        (_source, _rows, _halfLifeRows) = (source, rows, halfLifeRows);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        builder.AddColumn(weightColumn, NumberDataViewType.Single);
        Schema = builder.ToSchema();
        _weightIndex = Schema.Count - 1;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.Where(c => c.Index != _weightIndex).Select(c => _source.Schema[c.Index]).ToList();
        return new Cursor(this, _source.GetRowCursor(needed));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(RecencyWeightedView parent, DataViewRowCursor source) : DataViewRowCursor
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

            ValueGetter<float> weight = (ref float value) => value = (float)TrainingWindow.Weight(_position, parent._rows, parent._halfLifeRows);
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
