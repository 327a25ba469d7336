using System.Text;

namespace RetrainFunctions.Core.Tabular;

/// <summary>
/// A strict, streaming RFC 4180 reader: comma-separated, optional double quotes (with <c>""</c> escapes and
/// newlines inside quotes), LF or CRLF line ends, an optional UTF-8 BOM. Invalid UTF-8, NUL bytes, an unterminated
/// quote, text after a closing quote and over-long fields raise <see cref="CsvFormatException"/> with the line.
/// </summary>
public sealed class CsvReader : IDisposable
{
    /// <summary>The longest field accepted: 1 MiB characters (protects against a file with no line breaks).</summary>
    public const int MaxFieldLength = 1 << 20;

    private readonly TextReader _reader;
    private readonly StringBuilder _field = new();
    private long _line = 1;

    /// <summary>Creates a reader over <paramref name="stream"/>, which it disposes.</summary>
    public CsvReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        _reader = new StreamReader(stream, strictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: false);
    }

    /// <summary>Gets the 1-based line on which the last returned record started.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record, or returns <see langword="null"/> at the end of the file.</summary>
    public string[]? ReadRecord()
    {
        var fields = new List<string>();
        RecordLine = _line;
        if (!ReadRecordInto(fields))
        {
            return null;
        }

        return [.. fields];
    }

    /// <summary>Reads the header and returns it; throws when the file is empty.</summary>
    public string[] ReadHeader()
    {
        var first = Peek();
        if (first == 0xFEFF)
        {
            Read();
        }

        var header = ReadRecord() ?? throw new CsvFormatException("The file is empty: expected a header row naming the columns.", 1);
        if (header.Length == 1 && header[0].Length == 0)
        {
            throw new CsvFormatException("The first line is blank: expected a header row naming the columns.", 1);
        }

        return header;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    // A parser, deliberately one method over 80 lines (issue 15's exception): this is the per-character hot loop of the
    // strict reader, and its state (inside quotes, at a field's start, the current character) lives in locals across
    // iterations; split into helpers, that state would be passed back and forth on every character.
    private bool ReadRecordInto(List<string> fields)
    {
        _field.Clear();
        var c = Read();
        if (c < 0)
        {
            return false;
        }

        var quoted = false;
        var fieldStart = true;
        while (true)
        {
            if (fieldStart && c == '"')
            {
                quoted = true;
                fieldStart = false;
                c = Read();
                continue;
            }

            fieldStart = false;
            if (quoted)
            {
                if (c < 0)
                {
                    throw new CsvFormatException($"A quoted field opened on line {RecordLine} is never closed (missing '\"'); the file may be truncated.", RecordLine);
                }

                if (c == '"')
                {
                    var next = Read();
                    if (next == '"')
                    {
                        Append('"');
                        c = Read();
                        continue;
                    }

                    quoted = false;
                    c = next;
                    if (c is not (',' or '\n' or '\r' or -1))
                    {
                        throw new CsvFormatException($"Unexpected character '{(char)c}' after a closing quote on line {_line}; quote the whole field and escape inner quotes as \"\".", _line);
                    }

                    continue;
                }

                if (c == '\n')
                {
                    _line++;
                }

                Append((char)c);
                c = Read();
                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    fieldStart = true;
                    c = Read();
                    continue;
                case '\r':
                    if (Peek() == '\n')
                    {
                        Read();
                    }

                    goto case '\n';
                case '\n':
                    fields.Add(_field.ToString());
                    _line++;
                    return true;
                case -1:
                    fields.Add(_field.ToString());
                    return true;
                case '"':
                    throw new CsvFormatException($"A quote appears inside an unquoted field on line {_line}; quote the whole field and escape inner quotes as \"\".", _line);
                default:
                    Append((char)c);
                    c = Read();
                    continue;
            }
        }
    }

    private void Append(char c)
    {
        if (c == '\0')
        {
            throw new CsvFormatException($"NUL byte on line {_line}: this looks like a binary file, not CSV text.", _line);
        }

        if (_field.Length >= MaxFieldLength)
        {
            throw new CsvFormatException($"A field on line {_line} is longer than {MaxFieldLength:N0} characters; the file is probably not CSV or lacks line breaks.", _line);
        }

        _field.Append(c);
    }

    private int Read()
    {
        try
        {
            return _reader.Read();
        }
        catch (DecoderFallbackException ex)
        {
            throw new CsvFormatException($"Invalid UTF-8 near line {_line}: save the file as UTF-8 (it may be Latin-1/Windows-1252, UTF-16 or binary).", ex);
        }
    }

    private int Peek()
    {
        try
        {
            return _reader.Peek();
        }
        catch (DecoderFallbackException ex)
        {
            throw new CsvFormatException($"Invalid UTF-8 near line {_line}: save the file as UTF-8 (it may be Latin-1/Windows-1252, UTF-16 or binary).", ex);
        }
    }
}
