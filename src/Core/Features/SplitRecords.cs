using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Features;

/// <summary>
/// The rows of a snapshot split or a batch as CSV-shaped text records (a header naming the columns, one string per
/// field), whatever its format, read lazily: a CSV as it is, a binary split (<see cref="SpecDataLoader.BinaryExtension"/>)
/// turned back into the spec's feature columns and the raw label (numbers in their shortest round-trip form, a missing
/// number as an empty field; a binary split holds no timestamp), for permutation importance on a sample of a production
/// model's train split. <see cref="ReadBlocks"/> reads a split as typed blocks instead, for the profiler and the slice
/// check; <see cref="ToLocalCsv"/> writes one as CSV, the route they replaced (their tests compare the two). Disposing
/// releases the local copy.
/// </summary>
internal sealed class SplitRecords : IDisposable
{
    private readonly IDisposable _source;

    private SplitRecords(string[] header, IEnumerable<string[]> records, IDisposable source)
    {
        (Header, Records, _source) = (header, records, source);
    }

    /// <summary>Gets the column names.</summary>
    public string[] Header { get; }

    /// <summary>Gets the records, read once, lazily.</summary>
    public IEnumerable<string[]> Records { get; }

    /// <summary>Opens <paramref name="path"/> in <paramref name="store"/>.</summary>
    public static async Task<SplitRecords> OpenAsync(IArtifactStore store, ModelSpec spec, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        if (!SpecDataLoader.IsBinary(path))
        {
            var reader = new CsvReader(await store.OpenReadAsync(path, cancellationToken));
            return new SplitRecords(reader.ReadHeader(), ReadCsv(reader), reader);
        }

        var local = await LocalArtifactCopy.DownloadAsync(store, path, cancellationToken);
        var view = SpecDataLoader.Load(MlContexts.Create(), spec, local.LocalPath);
        var header = spec.Features.Select(f => f.Name).Append(spec.Label.Column).ToArray();
        return new SplitRecords(header, ReadBinary(view, spec), local);
    }

    /// <summary>
    /// Writes the split at <paramref name="path"/> to a local UTF-8 CSV file (the spec's features and the raw label) for
    /// readers that take CSV — the profiler's scanner, the slice check — formatting values straight into bytes, without a
    /// string per field. A CSV split is just downloaded.
    /// </summary>
    public static async Task<LocalArtifactCopy> ToLocalCsvAsync(IArtifactStore store, ModelSpec spec, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        if (!SpecDataLoader.IsBinary(path))
        {
            return await LocalArtifactCopy.DownloadAsync(store, path, cancellationToken);
        }

        using var binary = await LocalArtifactCopy.DownloadAsync(store, path, cancellationToken);
        return ToLocalCsv(SpecDataLoader.Load(MlContexts.Create(), spec, binary.LocalPath), spec, path, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="view"/> — a split as <see cref="SpecDataLoader.Load"/> returns it, already open — to a local
    /// UTF-8 CSV file as <see cref="ToLocalCsvAsync"/> does, for a caller that holds the view and must not read the split
    /// twice. <paramref name="sourcePath"/> names the split the copy stands for.
    /// </summary>
    public static LocalArtifactCopy ToLocalCsv(IDataView view, ModelSpec spec, string sourcePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(spec);
        var localPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retrain-{Guid.NewGuid():N}.csv");
        try
        {
            using var output = new FileStream(localPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            WriteCsv(view, spec, output, cancellationToken);
        }
        catch
        {
            File.Delete(localPath);
            throw;
        }

        return LocalArtifactCopy.Adopt(sourcePath, localPath);
    }

    /// <summary>
    /// Reads <paramref name="view"/> — a split as <see cref="SpecDataLoader.Load"/> returns it — into typed blocks of
    /// <paramref name="blockRows"/> rows named as in the CSV (the spec's features, then the raw label), for the profiler and
    /// the slice check: no number is formatted as text and parsed back. One block is filled and yielded again and again.
    /// </summary>
    public static IEnumerable<ColumnBlock> ReadBlocks(IDataView view, ModelSpec spec, int blockRows = 16_384)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(spec);
        var columns = Columns(view, spec);
        var block = new ColumnBlock([.. spec.Features.Select(f => f.Name), spec.Label.Column], [.. columns.Select(c => c.Type == NumberDataViewType.Single)], blockRows);
        using var cursor = view.GetRowCursor(columns);
        var readers = columns.Select((c, i) => BlockReader(cursor, c, block, i)).ToArray();
        while (true)
        {
            block.Count = 0;
            while (block.Count < blockRows && cursor.MoveNext())
            {
                foreach (var read in readers)
                {
                    read(block.Count);
                }

                block.Count++;
            }

            if (block.Count == 0)
            {
                yield break;
            }

            yield return block;
            if (block.Count < blockRows)
            {
                yield break;
            }
        }
    }

    public void Dispose() => _source.Dispose();

    private static Action<int> BlockReader(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnBlock block, int index)
    {
        if (block.Numbers[index] is { } numbers)
        {
            var getter = cursor.GetGetter<float>(column);
            return row => getter(ref numbers[row]);
        }

        var texts = block.Texts[index]!;
        var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        return row => text(ref texts[row]);
    }

    private static IEnumerable<string[]> ReadCsv(CsvReader reader)
    {
        while (reader.ReadRecord() is { } record)
        {
            yield return record;
        }
    }

    private static IEnumerable<string[]> ReadBinary(IDataView view, ModelSpec spec)
    {
        var columns = Columns(view, spec);
        using var cursor = view.GetRowCursor(columns);
        var readers = columns.Select(c => TextGetter(cursor, c)).ToArray();
        while (cursor.MoveNext())
        {
            var record = new string[readers.Length];
            for (var i = 0; i < readers.Length; i++)
            {
                record[i] = readers[i]();
            }

            yield return record;
        }
    }

    private static void WriteCsv(IDataView view, ModelSpec spec, Stream output, CancellationToken cancellationToken)
    {
        var row = new Utf8Row();
        var header = spec.Features.Select(f => f.Name).Append(spec.Label.Column).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            row.Text(header[i], i > 0);
        }

        row.WriteLine(output);
        var columns = Columns(view, spec);
        using var cursor = view.GetRowCursor(columns);
        var writers = columns.Select(c => FieldWriter(cursor, c, row)).ToArray();
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < writers.Length; i++)
            {
                writers[i](i > 0);
            }

            row.WriteLine(output);
        }
    }

    private static DataViewSchema.Column[] Columns(IDataView view, ModelSpec spec)
    {
        var labelName = spec.Task == ModelTask.BinaryClassification ? MlColumns.RawLabel : MlColumns.Label;
        return [.. spec.Features.Select(f => view.Schema[MlColumns.ForFeature(f.Name)]), view.Schema[labelName]];
    }

    private static Action<bool> FieldWriter(DataViewRowCursor cursor, DataViewSchema.Column column, Utf8Row row)
    {
        if (column.Type == NumberDataViewType.Single)
        {
            var getter = cursor.GetGetter<float>(column);
            float number = default;
            return comma =>
            {
                getter(ref number);
                row.Number(number, comma);
            };
        }

        var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        return comma =>
        {
            text(ref value);
            row.Text(value.Span, comma);
        };
    }

    private static Func<string> TextGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Single)
        {
            var getter = cursor.GetGetter<float>(column);
            float number = default;
            return () =>
            {
                getter(ref number);
                return float.IsNaN(number) ? string.Empty : number.ToString("R", CultureInfo.InvariantCulture);
            };
        }

        var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        return () =>
        {
            text(ref value);
            return value.ToString();
        };
    }

    /// <summary>One CSV record being written as UTF-8 (RFC 4180 quoting; a missing number is an empty field).</summary>
    private sealed class Utf8Row
    {
        private byte[] _bytes = new byte[1024];
        private int _length;

        public void Number(float value, bool comma)
        {
            Comma(comma);
            if (float.IsNaN(value))
            {
                return;
            }

            int written;
            while (!value.TryFormat(_bytes.AsSpan(_length), out written, "R", CultureInfo.InvariantCulture))
            {
                Grow(32);
            }

            _length += written;
        }

        public void Text(ReadOnlySpan<char> value, bool comma)
        {
            Comma(comma);
            var quoted = value.IndexOfAny(",\"\n\r") >= 0;
            Grow((value.Length * 6) + 2);
            if (!quoted)
            {
                _length += Encoding.UTF8.GetBytes(value, _bytes.AsSpan(_length));
                return;
            }

            _bytes[_length++] = (byte)'"';
            foreach (var part in value.ToString().Split('"'))
            {
                _length += Encoding.UTF8.GetBytes(part, _bytes.AsSpan(_length));
                _bytes[_length++] = (byte)'"';
                _bytes[_length++] = (byte)'"';
            }

            _length--; // the last part is followed by the closing quote only
        }

        public void WriteLine(Stream output)
        {
            Grow(1);
            _bytes[_length++] = (byte)'\n';
            output.Write(_bytes, 0, _length);
            _length = 0;
        }

        private void Comma(bool comma)
        {
            if (comma)
            {
                Grow(1);
                _bytes[_length++] = (byte)',';
            }
        }

        private void Grow(int more)
        {
            if (_length + more > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + more));
            }
        }
    }
}
