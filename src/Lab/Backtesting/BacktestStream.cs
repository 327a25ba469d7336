using System.Globalization;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>A labeled CSV in time order, cut into consecutive batches by rows or by timestamp period.</summary>
public sealed class BacktestStream
{
    private BacktestStream(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, IReadOnlyList<DateTimeOffset>? times, IReadOnlyList<(int Start, int Count)> batches)
    {
        Header = header;
        Rows = rows;
        Times = times;
        Batches = batches;
    }

    /// <summary>Gets the column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Gets the rows' fields, in time order.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Gets each row's timestamp, when the stream has a timestamp column.</summary>
    public IReadOnlyList<DateTimeOffset>? Times { get; }

    /// <summary>Gets the batches as row ranges, in time order.</summary>
    public IReadOnlyList<(int Start, int Count)> Batches { get; }

    /// <summary>Reads <paramref name="path"/>; sorts by <paramref name="timestampColumn"/> (stable) when given, keeps file order otherwise.</summary>
    public static BacktestStream Read(string path, string? timestampColumn, int? batchRows, TimeSpan? batchPeriod)
    {
        using var stream = File.OpenRead(path);
        using var reader = new CsvReader(stream);
        var header = reader.ReadHeader();
        var rows = new List<string[]>();
        while (reader.ReadRecord() is { } record)
        {
            rows.Add(record);
        }

        List<DateTimeOffset>? times = null;
        if (timestampColumn is not null)
        {
            var index = Array.IndexOf(header, timestampColumn);
            if (index < 0)
            {
                throw new InvalidDataException($"--timestamp: column '{timestampColumn}' is not in the header ({string.Join(", ", header)}).");
            }

            var parsed = rows.Select((r, i) => (Row: r, Index: i, Time: CsvValues.TryParseTimestamp(r[index], out var t) ? t
                : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Row {i + 2}: '{r[index]}' in '{timestampColumn}' is not a timestamp."))))
                .OrderBy(x => x.Time).ThenBy(x => x.Index).ToList();
            rows = [.. parsed.Select(x => x.Row)];
            times = [.. parsed.Select(x => x.Time)];
        }

        var batches = new List<(int, int)>();
        if (batchPeriod is { } period)
        {
            if (times is null)
            {
                throw new InvalidDataException("--batch-period needs --timestamp.");
            }

            var start = 0;
            var origin = times[0];
            for (var i = 1; i <= rows.Count; i++)
            {
                if (i == rows.Count || (long)((times[i] - origin) / period) != (long)((times[start] - origin) / period))
                {
                    batches.Add((start, i - start));
                    start = i;
                }
            }
        }
        else
        {
            var size = batchRows ?? throw new InvalidDataException("Give --batch-rows or --batch-period.");
            for (var start = 0; start < rows.Count; start += size)
            {
                batches.Add((start, Math.Min(size, rows.Count - start)));
            }
        }

        return new BacktestStream(header, rows, times, batches);
    }

    /// <summary>Writes batches <paramref name="first"/>..<paramref name="last"/> (inclusive) as CSV with the header.</summary>
    public byte[] ToCsv(int first, int last)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CsvWriter(buffer, leaveOpen: true))
        {
            writer.WriteRecord(Header);
            for (var b = first; b <= last; b++)
            {
                var (start, count) = Batches[b];
                for (var i = start; i < start + count; i++)
                {
                    writer.WriteRecord(Rows[i]);
                }
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The batch that holds row <paramref name="row"/>.</summary>
    public int BatchOf(int row)
    {
        var lo = 0;
        var hi = Batches.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Batches[mid].Start <= row)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
