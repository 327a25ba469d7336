using Microsoft.ML;
using Microsoft.ML.Data;

namespace RetrainFunctions.Core.Serving;

/// <summary>
/// A mutable ML.NET input row whose columns are the spec's features, chosen at run time (no compile-time row class).
/// <see cref="Set"/> copies one <see cref="FeatureRow"/> in and advances <see cref="Position"/>, so transforms that cache
/// per position see a new row. Not thread-safe: one per <see cref="RowPredictor"/>.
/// </summary>
internal sealed class SpecInputRow : DataViewRow
{
    private readonly bool[] _numeric;
    private readonly float[] _numbers;
    private readonly ReadOnlyMemory<char>[] _texts;
    private long _position = -1;

    public SpecInputRow(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _numeric = [.. schema.Select(c => c.Type == NumberDataViewType.Single)];
        _numbers = new float[schema.Count];
        _texts = new ReadOnlyMemory<char>[schema.Count];
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    public void Set(FeatureRow row)
    {
        Array.Copy(row.Numbers, _numbers, _numbers.Length);
        Array.Copy(row.Texts, _texts, _texts.Length);
        _position++;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var index = column.Index;
        Delegate getter = _numeric[index]
            ? (ValueGetter<float>)((ref float value) => value = _numbers[index])
            : (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = _texts[index]);
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
    }
}
