using Microsoft.ML;
using Microsoft.ML.Data;

namespace RetrainFunctions.Core.Features;

/// <summary>
/// Rows 0, n, 2n, … of a data view, read lazily: a systematic sample spread evenly over the whole file, so transforms
/// applied after it (scoring) run on the sample only. The skipped rows are passed over, never read by a getter.
/// </summary>
internal sealed class EveryNthRowDataView : IDataView
{
    private readonly IDataView _inner;
    private readonly int _stride;

    /// <summary>The stride that leaves at most <paramref name="maxRows"/> of <paramref name="rows"/> rows: 1 up to <paramref name="maxRows"/>, then ⌈rows / maxRows⌉.</summary>
    public static int Stride(long rows, int maxRows) => rows > maxRows ? (int)((rows + maxRows - 1) / maxRows) : 1;

    public EveryNthRowDataView(IDataView inner, int stride)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        (_inner, _stride) = (inner, stride);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _inner.Schema;

    public long? GetRowCount() => _inner.GetRowCount() is { } rows ? (rows + _stride - 1) / _stride : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_inner.GetRowCursor(columnsNeeded), _stride);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor inner, int stride) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            for (var moves = _position < 0 ? 1 : stride; moves > 0; moves--)
            {
                if (!inner.MoveNext())
                {
                    return false;
                }
            }

            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
