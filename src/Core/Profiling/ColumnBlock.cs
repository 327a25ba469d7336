namespace RetrainFunctions.Core.Profiling;

/// <summary>
/// Up to <see cref="Capacity"/> rows of typed columns — each a number column (<see cref="float.NaN"/> for a missing value)
/// or a text column — as a typed split is read, for <see cref="DatasetProfiler.Add(IEnumerable{ColumnBlock})"/>. The
/// reader fills one block and reuses it: a consumer must be done with it before it asks for the next.
/// </summary>
public sealed class ColumnBlock
{
    /// <summary>Creates an empty block; <paramref name="isNumber"/> says, column by column, which hold numbers.</summary>
    public ColumnBlock(IReadOnlyList<string> names, IReadOnlyList<bool> isNumber, int capacity)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(isNumber);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if (names.Count != isNumber.Count)
        {
            throw new ArgumentException("One kind per column name.", nameof(isNumber));
        }

        Names = [.. names];
        Capacity = capacity;
        Numbers = [.. isNumber.Select(n => n ? new float[capacity] : null)];
        Texts = [.. isNumber.Select(n => n ? null : new ReadOnlyMemory<char>[capacity])];
    }

    /// <summary>Gets the column names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Gets the most rows a block holds.</summary>
    public int Capacity { get; }

    /// <summary>Gets or sets the rows the block holds now.</summary>
    public int Count { get; set; }

    /// <summary>Gets each column's numbers, or null for a text column.</summary>
    public float[]?[] Numbers { get; }

    /// <summary>Gets each column's text, or null for a number column.</summary>
    public ReadOnlyMemory<char>[]?[] Texts { get; }
}
