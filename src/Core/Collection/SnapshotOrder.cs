using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Collection;

/// <summary>
/// The row order of a snapshot as an index permutation over the rows of its batches (batch by batch, in file order):
/// sorted by timestamp with ties in batch and file order (a stable sort), then cut to the window. Only timestamps
/// are read; no row is moved.
/// </summary>
internal static class SnapshotOrder
{
    /// <summary>
    /// Returns the row indexes ordered by <paramref name="ticks"/> (stable: equal timestamps keep their order), or in
    /// their original order when <paramref name="byTime"/> is false. Missing timestamps (<see cref="long.MinValue"/>) come first.
    /// </summary>
    public static int[] TimeOrder(ReadOnlySpan<long> ticks, bool byTime)
    {
        var order = new int[ticks.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (!byTime || IsSorted(ticks))
        {
            return order;
        }

        var keys = ticks.ToArray();
        Array.Sort(keys, order);

        // Array.Sort is not stable: put each run of equal timestamps back in row order.
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start);
            }

            start = end;
        }

        return order;
    }

    /// <summary>
    /// Cuts <paramref name="order"/> to <paramref name="window"/>: with <see cref="WindowSpec.MaxAgeDays"/>, rows older than
    /// that before the newest row's timestamp are dropped (rows without a timestamp stay); with <see cref="WindowSpec.MaxRows"/>,
    /// only the newest that many rows stay.
    /// </summary>
    public static int[] Window(int[] order, ReadOnlySpan<long> ticks, WindowSpec window)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(window);
        if (window.MaxAgeDays is { } days && order.Length > 0 && ticks[order[^1]] != SnapshotTable.MissingTimestamp)
        {
            var oldest = (new DateTimeOffset(ticks[order[^1]], TimeSpan.Zero) - TimeSpan.FromDays(days)).UtcTicks;
            var kept = new List<int>(order.Length);
            foreach (var row in order)
            {
                if (ticks[row] == SnapshotTable.MissingTimestamp || ticks[row] >= oldest)
                {
                    kept.Add(row);
                }
            }

            order = [.. kept];
        }

        return window.MaxRows > 0 && order.Length > window.MaxRows ? order[^window.MaxRows..] : order;
    }

    /// <summary>
    /// The index of the oldest batch of <paramref name="ordered"/> (oldest first, as the snapshot orders them) that can hold
    /// a row of the window: with <see cref="WindowSpec.MaxRows"/> and no age limit, every batch before it is wholly older —
    /// in batch order without a timestamp column, by its manifest's last timestamp strictly before the first timestamp of
    /// every later batch otherwise — than at least <see cref="WindowSpec.MaxRows"/> rows after it, so the window takes none
    /// of its rows. 0 (read everything) when that cannot be told: an age window, a manifest without timestamps, batches
    /// whose time ranges overlap the boundary.
    /// </summary>
    public static int FirstBatchInWindow(IReadOnlyList<BatchManifest> ordered, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(spec);
        var (maxRows, byTime) = (spec.Window.MaxRows, spec.TimestampColumn is not null);
        if (maxRows <= 0 || spec.Window.MaxAgeDays is not null || (byTime && ordered.Any(m => m.FirstTimestamp is null || m.LastTimestamp is null)))
        {
            return 0;
        }

        // Walk back from the newest batch until the batches after b hold maxRows rows, all newer than anything before them.
        long newerRows = 0;
        var newerFirst = DateTimeOffset.MaxValue;
        for (var b = ordered.Count - 1; b >= 0; b--)
        {
            if (newerRows >= maxRows)
            {
                return !byTime || ordered.Take(b + 1).Max(m => m.LastTimestamp!.Value) < newerFirst ? b + 1 : 0;
            }

            newerRows += ordered[b].Rows;
            newerFirst = byTime && ordered[b].FirstTimestamp!.Value < newerFirst ? ordered[b].FirstTimestamp!.Value : newerFirst;
        }

        return 0;
    }

    /// <summary>Counts the rows of <paramref name="order"/> taken from each of <paramref name="batches"/> batches.</summary>
    public static int[] RowsPerBatch(int[] order, ReadOnlySpan<int> batchOfRow, int batches)
    {
        ArgumentNullException.ThrowIfNull(order);
        var counts = new int[batches];
        foreach (var row in order)
        {
            counts[batchOfRow[row]]++;
        }

        return counts;
    }

    private static bool IsSorted(ReadOnlySpan<long> ticks)
    {
        for (var i = 1; i < ticks.Length; i++)
        {
            if (ticks[i] < ticks[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
