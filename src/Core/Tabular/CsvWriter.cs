using System.Text;

namespace RetrainFunctions.Core.Tabular;

/// <summary>Writes RFC 4180 CSV (comma, LF, quotes only where needed) in UTF-8 without BOM.</summary>
public sealed class CsvWriter : IDisposable
{
    private static readonly char[] NeedsQuoting = [',', '"', '\n', '\r'];
    private readonly StreamWriter _writer;

    /// <summary>Creates a writer over <paramref name="stream"/>; <paramref name="leaveOpen"/> keeps the stream open on dispose.</summary>
    public CsvWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen) { NewLine = "\n" };
    }

    /// <summary>Writes one record.</summary>
    public void WriteRecord(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(NeedsQuoting) >= 0)
            {
                _writer.Write('"');
                _writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else
            {
                _writer.Write(field);
            }
        }

        _writer.Write('\n');
    }

    /// <summary>Flushes buffered text to the stream.</summary>
    public void Flush() => _writer.Flush();

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
