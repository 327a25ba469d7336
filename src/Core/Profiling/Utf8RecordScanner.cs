using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Profiling;

/// <summary>
/// Reads CSV records from UTF-8 bytes without allocating per field: a record without quotes is split in place and
/// handed over as byte ranges; a record with quotes (which may span lines) is decoded and split by the RFC 4180 rules.
/// Meant for data that passed validation (accepted batches, snapshots); malformed quoting raises <see cref="CsvFormatException"/>.
/// </summary>
/// <remarks>
/// Hand-written rather than Sep because it is measured faster where it is used, on one thread beside other work: the
/// bench's 1,000,000-row file, 20 numeric fields to float and 3 categorical fields read, took 0.42–0.45 s here against
/// 0.53–0.54 s for Sep 0.18 on one thread (0.34 s with Sep's ParallelEnumerate on both cores); <c>bench/datapath csv</c>,
/// figures in docs/performance.md (twelfth session). It also hands over UTF-8 bytes, which the profiler hashes and the
/// number parser reads without decoding to UTF-16.
/// </remarks>
internal sealed class Utf8RecordScanner : IDisposable
{
    private const int MinimumBuffer = 1 << 20;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _nextLine = 1;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(MinimumBuffer);
    private int _start;
    private int _end;
    private bool _eof;
    private int[] _fieldStarts = new int[64];
    private int[] _fieldEnds = new int[64];
    private byte[]? _quotedRecord;

    /// <summary>Creates a scanner over <paramref name="stream"/>, which it disposes unless <paramref name="leaveOpen"/>.</summary>
    public Utf8RecordScanner(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Gets the 1-based line on which the current record starts (blank lines and line breaks inside quotes counted).</summary>
    public long RecordLine { get; private set; }

    /// <summary>Gets whether the current record holds a double quote (and was split by the RFC 4180 rules).</summary>
    public bool RecordQuoted { get; private set; }

    /// <summary>Gets the bytes of the current record's fields (the buffer the ranges index into).</summary>
    public byte[] Bytes { get; private set; } = [];

    /// <summary>Gets the number of fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Gets the bytes of field <paramref name="index"/> of the current record.</summary>
    public ReadOnlySpan<byte> Field(int index) => Bytes.AsSpan(_fieldStarts[index], _fieldEnds[index] - _fieldStarts[index]);

    /// <summary>Gets the offset in <see cref="Bytes"/> where field <paramref name="index"/> of the current record starts (the fields are contiguous).</summary>
    public int FieldStart(int index) => _fieldStarts[index];

    /// <summary>Gets the offset in <see cref="Bytes"/> just past field <paramref name="index"/> of the current record.</summary>
    public int FieldEnd(int index) => _fieldEnds[index];

    /// <summary>Reads the header (a leading UTF-8 BOM is skipped).</summary>
    public string[] ReadHeader()
    {
        if (!Next())
        {
            throw new CsvFormatException("The file is empty: expected a header row naming the columns.", 1);
        }

        var fields = new string[FieldCount];
        for (var i = 0; i < FieldCount; i++)
        {
            var field = Field(i);
            if (i == 0 && field.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                field = field[3..];
            }

            fields[i] = Encoding.UTF8.GetString(field).Trim();
        }

        return fields;
    }

    /// <summary>Moves to the next record; false at the end. Blank lines are skipped.</summary>
    public bool Next()
    {
        while (true)
        {
            var newline = FindRecordEnd(out var quoted);
            if (newline < 0)
            {
                return false;
            }

            var lineEnd = newline > _start && _buffer[newline - 1] == (byte)'\r' ? newline - 1 : newline;
            var (start, end) = (_start, Math.Max(_start, lineEnd));
            _start = Math.Min(newline + 1, _end);
            RecordLine = _nextLine;
            _nextLine += 1 + (quoted ? _buffer.AsSpan(start, end - start).Count((byte)'\n') : 0);
            if (start == end)
            {
                continue;
            }

            RecordQuoted = quoted;
            if (quoted)
            {
                SplitQuoted(_buffer.AsSpan(start, end - start));
            }
            else
            {
                Split(_buffer, start, end);
            }

            return true;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Returns the index of the '\n' ending the record at <c>_start</c> (or <c>_end</c> at the end of the data), or -1 when no data is left.</summary>
    private int FindRecordEnd(out bool quoted)
    {
        quoted = false;
        var inQuotes = false;
        var offset = 0; // relative to _start, which Fill may move
        while (true)
        {
            var span = _buffer.AsSpan(_start + offset, _end - _start - offset);
            var hit = inQuotes ? span.IndexOf((byte)'"') : span.IndexOfAny((byte)'\n', (byte)'"');
            if (hit >= 0)
            {
                var at = _start + offset + hit;
                if (_buffer[at] != (byte)'"')
                {
                    return at;
                }

                quoted = true;
                inQuotes = !inQuotes; // an escaped "" toggles twice
                offset += hit + 1;
                continue;
            }

            offset = _end - _start;
            if (_eof)
            {
                if (inQuotes)
                {
                    throw new CsvFormatException("A quoted field is never closed (missing '\"'); the file may be truncated.", 0);
                }

                return _start < _end ? _end : -1;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= CsvReader.MaxFieldLength * 64)
            {
                throw new CsvFormatException("A record is longer than 64 MiB; the file is probably not CSV or lacks line breaks.", 0);
            }

            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private void Split(byte[] bytes, int start, int end)
    {
        Bytes = bytes;
        var count = 0;
        var fieldStart = start;
        var at = start;
        if (Vector256.IsHardwareAccelerated)
        {
            // 32 bytes at a time: a bit mask of the commas, then one field per set bit.
            var commas = Vector256.Create((byte)',');
            ref var origin = ref MemoryMarshal.GetArrayDataReference(bytes);
            for (; at + Vector256<byte>.Count <= end; at += Vector256<byte>.Count)
            {
                var mask = Vector256.Equals(Vector256.LoadUnsafe(ref origin, (nuint)at), commas).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var comma = at + BitOperations.TrailingZeroCount(mask);
                    Add(ref count, fieldStart, comma);
                    fieldStart = comma + 1;
                    mask &= mask - 1;
                }
            }
        }

        for (; at < end; at++)
        {
            if (bytes[at] == (byte)',')
            {
                Add(ref count, fieldStart, at);
                fieldStart = at + 1;
            }
        }

        Add(ref count, fieldStart, end);
        FieldCount = count;
    }

    private void SplitQuoted(ReadOnlySpan<byte> record)
    {
        var fields = Tabular.CsvRecordSplitter.Split(Encoding.UTF8.GetString(record));
        var total = fields.Sum(f => Encoding.UTF8.GetByteCount(f));
        if (_quotedRecord is null || _quotedRecord.Length < total)
        {
            _quotedRecord = new byte[Math.Max(total, 256)];
        }

        Bytes = _quotedRecord;
        var count = 0;
        var at = 0;
        foreach (var field in fields)
        {
            var written = Encoding.UTF8.GetBytes(field, _quotedRecord.AsSpan(at));
            Add(ref count, at, at + written);
            at += written;
        }

        FieldCount = count;
    }

    private void Add(ref int count, int start, int end)
    {
        if (count == _fieldStarts.Length)
        {
            Array.Resize(ref _fieldStarts, count * 2);
            Array.Resize(ref _fieldEnds, count * 2);
        }

        _fieldStarts[count] = start;
        _fieldEnds[count] = end;
        count++;
    }
}
