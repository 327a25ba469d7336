using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Profiling;

/// <summary>
/// Profiles CSV data against a spec in one streaming pass with bounded memory: per column the count, missing
/// values, min/max/mean/std (Welford), quantiles and a sorted sample (seeded reservoir of
/// <see cref="SampleSize"/> values), a histogram on fixed edges, category counts (top <see cref="TopCategories"/>
/// plus "other"), and the label distribution. Several streams (batches) can feed one profile. Pure: no storage.
/// </summary>
/// <remarks>
/// Rows with the wrong number of fields are skipped (validation reports them). Histogram edges are 20 equal-width
/// bins over the range of the first <see cref="SampleSize"/> values, with underflow and overflow bins for later
/// values outside it, so the counts stay exact in one pass.
/// </remarks>
public sealed class DatasetProfiler
{
    /// <summary>The reservoir sample size per numeric column: 4,096.</summary>
    public const int SampleSize = 4096;

    /// <summary>The number of equal-width histogram bins: 20.</summary>
    public const int HistogramBins = 20;

    /// <summary>The number of categories listed in a profile: 100 (the rest are "other").</summary>
    public const int TopCategories = 100;

    /// <summary>The number of distinct categories counted per column: 10,000.</summary>
    public const int MaxTrackedCategories = 10_000;

    private const int BlockRows = 16_384;
    private const int HashRanges = 2;
    private const int MaxTrackedRowHashes = 4_000_000;
    private const int MaxLabelClasses = 1000;
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private readonly ModelSpec _spec;
    private readonly NumericAccumulator?[] _numeric;
    private readonly CategoricalAccumulator?[] _categorical;
    private readonly NumericAccumulator? _numericLabel;
    private readonly CategoricalAccumulator? _classLabel;
    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _classLookup;
    private readonly Dictionary<ulong, int> _packedClasses = [];
    private readonly HashSet<ulong> _rowHashes = [];
    private ulong[] _pendingHashes = new ulong[BlockRows];
    private int _pendingHashCount;
    private long _rows;
    private long _duplicates;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    /// <summary>Creates a profiler for data of <paramref name="spec"/>.</summary>
    public DatasetProfiler(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _classLookup = _classes.GetAlternateLookup<ReadOnlySpan<char>>();
        _numeric = [.. spec.Features.Select(f => f.Type == FeatureType.Numeric ? new NumericAccumulator(f.Name) : null)];
        _categorical = [.. spec.Features.Select(f => f.Type == FeatureType.Numeric ? null : new CategoricalAccumulator(f.Name))];
        if (spec.Task == ModelTask.Regression)
        {
            _numericLabel = new NumericAccumulator(spec.Label.Column);
        }
        else
        {
            _classLabel = new CategoricalAccumulator(spec.Label.Column);
        }
    }

    /// <summary>Gets the quantile probabilities every numeric profile lists.</summary>
    public static IReadOnlyList<double> QuantileProbabilities { get; } = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

    /// <summary>Profiles one CSV stream against <paramref name="spec"/>.</summary>
    /// <exception cref="CsvFormatException">The stream is not readable CSV or lacks a spec column.</exception>
    public static DatasetProfile Profile(Stream csv, ModelSpec spec)
    {
        var profiler = new DatasetProfiler(spec);
        profiler.Add(csv);
        return profiler.Build();
    }

    /// <summary>Profiles a stream of numbers as one numeric column named <paramref name="name"/> (non-finite values count as missing).</summary>
    public static ColumnProfile ProfileValues(string name, IEnumerable<double> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        var accumulator = new NumericAccumulator(name);
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                accumulator.Observe(value, -1);
            }
            else
            {
                accumulator.ObserveMissing();
            }
        }

        return accumulator.Build(0);
    }

    /// <summary>Reads every row of <paramref name="csv"/> (UTF-8, disposed) into the profile, without allocating per field.</summary>
    /// <remarks>
    /// One thread scans the rows and counts their labels in order, copying them into blocks of <see cref="BlockRows"/>
    /// rows; while it fills the next block, the previous one is profiled with its columns (and the row hashes) in
    /// parallel, each column still in row order, so the profile is exactly that of a sequential pass. The row hashes
    /// of a block enter the duplicate set, in row order, while the next block is profiled.
    /// </remarks>
    /// <exception cref="CsvFormatException">The stream is not readable CSV or lacks a spec column.</exception>
    public void Add(Stream csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var scanner = new Utf8RecordScanner(csv);
        var header = scanner.ReadHeader();
        var (featureIndex, labelIndex, timestampIndex) = Indexes(header);
        int[] columns = timestampIndex >= 0 ? [.. featureIndex, labelIndex, timestampIndex] : [.. featureIndex, labelIndex];
        var chars = new char[256];
        var block = new RowBlock(columns.Length);
        var spare = new RowBlock(columns.Length);
        var pending = Task.CompletedTask;
        try
        {
            while (scanner.Next())
            {
                if (scanner.FieldCount != header.Length)
                {
                    continue;
                }

                _rows++;
                var label = ObserveLabel(scanner.Field(labelIndex), ref chars);
                if (timestampIndex >= 0)
                {
                    ObserveTimestamp(Decode(scanner.Field(timestampIndex), ref chars));
                }

                block.Add(scanner, columns, label);
                if (block.Count == BlockRows)
                {
                    pending.GetAwaiter().GetResult();
                    var full = block;
                    pending = Task.Run(() => Profile(full));
                    (block, spare) = (spare, full);
                }
            }

            pending.GetAwaiter().GetResult();
            Profile(block);
            ObserveRowHashes();
        }
        finally
        {
            Task.WaitAny(pending);
        }
    }

    /// <summary>
    /// Reads typed rows — a split read column by column, numbers already parsed (<see cref="ColumnBlock"/>: the spec's
    /// features and its label) — into the profile without writing them as a CSV and scanning it. A number enters as the
    /// double its shortest text parses to, as if it came from a CSV (<see cref="Utf8Number.FromSingle(float)"/>). Row hashes
    /// cover the typed values, so a duplicate is a row equal in every column, as in a CSV. The blocks hold no timestamp:
    /// give the profiler a spec without one.
    /// </summary>
    /// <exception cref="InvalidDataException">A spec column is missing, or a numeric feature holds text.</exception>
    public void Add(IEnumerable<ColumnBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        int[]? featureIndex = null;
        var labelIndex = -1;
        var labels = Array.Empty<int>();
        foreach (var block in blocks)
        {
            if (featureIndex is null)
            {
                (featureIndex, labelIndex) = TypedIndexes(block);
                labels = new int[block.Capacity];
                _pendingHashes = new ulong[Math.Max(_pendingHashes.Length, block.Capacity)];
            }

            ObserveTypedLabels(block, labelIndex, labels);
            var rows = block.Count;
            _rows += rows;
            Parallel.For(0, featureIndex.Length + HashRanges, item =>
            {
                if (item >= featureIndex.Length)
                {
                    var range = item - featureIndex.Length;
                    for (var r = rows * range / HashRanges; r < rows * (range + 1) / HashRanges; r++)
                    {
                        _pendingHashes[r] = TypedRowHash(block, featureIndex, labelIndex, r);
                    }
                }
                else if (_numeric[item] is { } numeric)
                {
                    var values = block.Numbers[featureIndex[item]]!;
                    var digits = -1;
                    for (var r = 0; r < rows; r++)
                    {
                        if (float.IsFinite(values[r]))
                        {
                            numeric.Observe(Utf8Number.FromSingle(values[r], ref digits), labels[r]);
                        }
                        else
                        {
                            numeric.ObserveMissing();
                        }
                    }
                }
                else
                {
                    var values = block.Texts[featureIndex[item]]!;
                    for (var r = 0; r < rows; r++)
                    {
                        ObserveCategory(_categorical[item]!, values[r].Span, labels[r]);
                    }
                }
            });

            _pendingHashCount = rows;
            ObserveRowHashes();
        }
    }

    /// <summary>Adds parsed <paramref name="records"/> whose columns <paramref name="header"/> names.</summary>
    /// <exception cref="CsvFormatException">The header lacks a spec column.</exception>
    public void Add(IReadOnlyList<string> header, IEnumerable<string[]> records)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(records);
        var names = header.Select(h => h.Trim()).ToArray();
        var (featureIndex, labelIndex, timestampIndex) = Indexes(names);
        foreach (var record in records)
        {
            if (record.Length != names.Length)
            {
                continue;
            }

            _rows++;
            var label = ObserveLabel(record[labelIndex]);
            var hash = Offset;
            for (var f = 0; f < featureIndex.Length; f++)
            {
                var text = record[featureIndex[f]];
                hash = Mix(hash, Encoding.UTF8.GetBytes(text));
                if (_numeric[f] is { } numeric)
                {
                    if (!CsvValues.IsMissing(text) && CsvValues.TryParseNumber(text, out var x))
                    {
                        numeric.Observe(x, label);
                    }
                    else
                    {
                        numeric.ObserveMissing();
                    }
                }
                else
                {
                    ObserveCategory(_categorical[f]!, text, label);
                }
            }

            hash = Mix(hash, Encoding.UTF8.GetBytes(record[labelIndex]));
            if (timestampIndex >= 0)
            {
                hash = Mix(hash, Encoding.UTF8.GetBytes(record[timestampIndex]));
                ObserveTimestamp(record[timestampIndex]);
            }

            ObserveRowHash(hash);
        }
    }

    /// <summary>Builds the profile of everything added so far.</summary>
    public DatasetProfile Build()
    {
        var classes = _classLabel is null ? 0 : _classes.Count;
        var features = _spec.Features.Select((f, i) => _numeric[i]?.Build(classes) ?? _categorical[i]!.Build(classes > 0)).ToList();
        var label = _numericLabel?.Build(0) ?? _classLabel!.Build(false);
        return new DatasetProfile(_rows, _duplicates, features, label, _first, _last);
    }

    private void Profile(RowBlock block)
    {
        var features = _numeric.Length;
        var rows = block.Count;
        Parallel.For(0, features + HashRanges + 1, item =>
        {
            var bytes = block.Bytes;
            var bounds = block.Bounds;
            var stride = 2 * block.Columns;
            if (item == features + HashRanges)
            {
                // The previous block's row hashes, in row order, while this block's columns are profiled.
                ObserveRowHashes();
            }
            else if (item >= features)
            {
                // Row hashes over every column, in column order, for one range of rows.
                var range = item - features;
                for (var r = rows * range / HashRanges; r < rows * (range + 1) / HashRanges; r++)
                {
                    var hash = Offset;
                    for (var at = r * stride; at < (r + 1) * stride; at += 2)
                    {
                        hash = Mix(hash, bytes.AsSpan(bounds[at], bounds[at + 1] - bounds[at]));
                    }

                    block.Hashes[r] = hash;
                }
            }
            else if (_numeric[item] is { } numeric)
            {
                for (var r = 0; r < rows; r++)
                {
                    var at = (r * stride) + (2 * item);
                    var trimmed = bytes.AsSpan(bounds[at], bounds[at + 1] - bounds[at]).Trim((byte)' ');
                    if (!IsMissing(trimmed) && Utf8Number.TryParseFinite(trimmed, out var x))
                    {
                        numeric.Observe(x, block.Labels[r]);
                    }
                    else
                    {
                        numeric.ObserveMissing();
                    }
                }
            }
            else
            {
                var categorical = _categorical[item]!;
                for (var r = 0; r < rows; r++)
                {
                    var at = (r * stride) + (2 * item);
                    categorical.ObserveUtf8(bytes.AsSpan(bounds[at], bounds[at + 1] - bounds[at]), block.Labels[r]);
                }
            }
        });

        (_pendingHashes, block.Hashes) = (block.Hashes, _pendingHashes);
        _pendingHashCount = rows;
        block.Clear();
    }

    private int ObserveLabel(ReadOnlySpan<byte> field, ref char[] chars)
    {
        if (_classLabel is null || !CategoricalAccumulator.TryPack(field, out var key))
        {
            return ObserveLabel(Decode(field, ref chars));
        }

        if (_packedClasses.TryGetValue(key, out var label))
        {
            _classLabel.ObserveUtf8(field, -1);
            return label;
        }

        var text = Decode(field, ref chars);
        label = ObserveLabel(text);
        if (!CsvValues.IsMissing(text))
        {
            _packedClasses[key] = label;
        }

        return label;
    }

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, ref char[] chars)
    {
        if (chars.Length < utf8.Length)
        {
            chars = new char[utf8.Length * 2];
        }

        var written = Encoding.UTF8.GetChars(utf8, chars);
        return chars.AsSpan(0, written);
    }

    // The missing-value tokens are at most four bytes long: longer fields skip the comparisons.
    private static bool IsMissing(ReadOnlySpan<byte> trimmed) =>
        trimmed.IsEmpty || (trimmed.Length <= 4 && (trimmed is [(byte)'?'] || Ascii.EqualsIgnoreCase(trimmed, "NA"u8) || Ascii.EqualsIgnoreCase(trimmed, "NaN"u8) || Ascii.EqualsIgnoreCase(trimmed, "null"u8)));

    private static ulong Mix(ulong hash, ReadOnlySpan<byte> field)
    {
        // 64-bit multiplicative hashing, 8 bytes at a time, with a separator so "a,bc" and "ab,c" differ.
        while (field.Length >= 8)
        {
            hash = (hash ^ BitConverter.ToUInt64(field)) * Prime;
            hash ^= hash >> 29;
            field = field[8..];
        }

        foreach (var b in field)
        {
            hash = (hash ^ b) * Prime;
        }

        return ((hash ^ 0x1F) * Prime) ^ (hash >> 31);
    }

    private (int[] Features, int Label, int Timestamp) Indexes(IReadOnlyList<string> names)
    {
        int IndexOf(string column)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], column, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            throw new CsvFormatException($"Column '{column}' required by the spec is missing.", 1);
        }

        return ([.. _spec.Features.Select(f => IndexOf(f.Name))], IndexOf(_spec.Label.Column), _spec.TimestampColumn is null ? -1 : IndexOf(_spec.TimestampColumn));
    }

    /// <summary>The block's column of each feature and of the label; a numeric feature must hold numbers.</summary>
    private (int[] Features, int Label) TypedIndexes(ColumnBlock block)
    {
        try
        {
            var (features, label, _) = Indexes(block.Names);
            var text = _spec.Features.Where((f, i) => _numeric[i] is not null && block.Numbers[features[i]] is null).Select(f => f.Name).FirstOrDefault();
            return text is null ? (features, label) : throw new InvalidDataException($"Column '{text}' is numeric in the spec but holds text.");
        }
        catch (CsvFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    /// <summary>Observes the block's labels in row order and writes each row's class index (−1 for none) to <paramref name="labels"/>.</summary>
    private void ObserveTypedLabels(ColumnBlock block, int labelIndex, int[] labels)
    {
        var numbers = block.Numbers[labelIndex];
        var texts = block.Texts[labelIndex];
        Span<char> chars = stackalloc char[32];
        for (var r = 0; r < block.Count; r++)
        {
            if (texts is not null)
            {
                labels[r] = ObserveLabel(texts[r].Span);
            }
            else if (!float.IsFinite(numbers![r]))
            {
                labels[r] = ObserveLabel(ReadOnlySpan<char>.Empty);
            }
            else if (_numericLabel is not null)
            {
                _numericLabel.Observe(Utf8Number.FromSingle(numbers[r]), -1);
                labels[r] = -1;
            }
            else
            {
                // A class label stored as a number: its shortest text names the class, as in a CSV.
                numbers[r].TryFormat(chars, out var written, "R", CultureInfo.InvariantCulture);
                labels[r] = ObserveLabel(chars[..written]);
            }
        }
    }

    /// <summary>The hash of row <paramref name="row"/>'s typed values, features then label (every missing number alike).</summary>
    private static ulong TypedRowHash(ColumnBlock block, int[] featureIndex, int labelIndex, int row)
    {
        var hash = Offset;
        for (var i = 0; i <= featureIndex.Length; i++)
        {
            var column = i < featureIndex.Length ? featureIndex[i] : labelIndex;
            if (block.Numbers[column] is { } numbers)
            {
                var bits = float.IsNaN(numbers[row]) ? -1 : BitConverter.SingleToInt32Bits(numbers[row]);
                hash = Mix(hash, MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in bits)));
            }
            else
            {
                hash = Mix(hash, MemoryMarshal.AsBytes(block.Texts[column]![row].Span));
            }
        }

        return hash;
    }

    private int ObserveLabel(ReadOnlySpan<char> text)
    {
        var value = text.Trim();
        if (CsvValues.IsMissing(value))
        {
            _classLabel?.ObserveMissing();
            _numericLabel?.ObserveMissing();
            return -1;
        }

        if (_classLabel is null)
        {
            if (CsvValues.TryParseNumber(value, out var y))
            {
                _numericLabel!.Observe(y, -1);
            }
            else
            {
                _numericLabel!.ObserveMissing();
            }

            return -1;
        }

        if (!_classLookup.TryGetValue(value, out var label))
        {
            label = -1;
            if (_classes.Count < MaxLabelClasses)
            {
                label = _classes.Count;
                _classLookup[value] = label;
            }
        }

        _classLabel.Observe(value, -1);
        return label;
    }

    private static void ObserveCategory(CategoricalAccumulator accumulator, ReadOnlySpan<char> text, int label)
    {
        var value = text.Trim();
        if (CsvValues.IsMissing(value))
        {
            accumulator.ObserveMissing();
        }
        else
        {
            accumulator.Observe(value, label);
        }
    }

    private void ObserveTimestamp(ReadOnlySpan<char> text)
    {
        if (CsvValues.TryParseTimestamp(text, out var timestamp))
        {
            _first = _first is null || timestamp < _first ? timestamp : _first;
            _last = _last is null || timestamp > _last ? timestamp : _last;
        }
    }

    private void ObserveRowHashes()
    {
        for (var r = 0; r < _pendingHashCount; r++)
        {
            ObserveRowHash(_pendingHashes[r]);
        }

        _pendingHashCount = 0;
    }

    private void ObserveRowHash(ulong hash)
    {
        if (_rowHashes.Contains(hash))
        {
            _duplicates++;
        }
        else if (_rowHashes.Count < MaxTrackedRowHashes)
        {
            _rowHashes.Add(hash);
        }
    }

    /// <summary>
    /// Up to <see cref="BlockRows"/> rows copied out of the scanner's buffer: the bounds of each profiled column
    /// (features, label, timestamp), each row's label index, and room for the row hashes.
    /// </summary>
    private sealed class RowBlock(int columns)
    {
        private int _used;

        public int Columns => columns;

        public byte[] Bytes { get; private set; } = new byte[1 << 20];

        public int[] Bounds { get; } = new int[BlockRows * columns * 2];

        public int[] Labels { get; } = new int[BlockRows];

        public ulong[] Hashes { get; set; } = new ulong[BlockRows];

        public int Count { get; private set; }

        public void Add(Utf8RecordScanner scanner, int[] columnIndex, int label)
        {
            // The fields of a record are contiguous in the scanner's buffer: copy the record once.
            var first = scanner.FieldStart(0);
            var length = scanner.FieldEnd(scanner.FieldCount - 1) - first;
            if (_used + length > Bytes.Length)
            {
                var bigger = Bytes;
                Array.Resize(ref bigger, Math.Max(Bytes.Length * 2, _used + length));
                Bytes = bigger;
            }

            scanner.Bytes.AsSpan(first, length).CopyTo(Bytes.AsSpan(_used));
            var at = Count * columns * 2;
            foreach (var c in columnIndex)
            {
                Bounds[at++] = _used + scanner.FieldStart(c) - first;
                Bounds[at++] = _used + scanner.FieldEnd(c) - first;
            }

            _used += length;
            Labels[Count++] = label;
        }

        public void Clear()
        {
            Count = 0;
            _used = 0;
        }
    }
}
