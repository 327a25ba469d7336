using System.Globalization;
using Parquet;
using Parquet.Schema;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Collection;

/// <summary>
/// Parquet uploads (Parquet.Net): a batch uploaded as Parquet is rendered, at collection, as the CSV every later stage
/// reads — header from the schema's column names, one record per row, values in invariant culture (floating point
/// round-trips, timestamps ISO 8601 — with their offset when the file gives one, as
/// written when it does not —, nulls and NaN empty) — so it is validated, profiled and quarantined exactly as a
/// CSV upload. The uploaded file is kept beside it (<see cref="Storage.BatchArtifacts.Source"/>); the batch id
/// stays the digest of the uploaded bytes, so uploading the same file again is a duplicate.
/// </summary>
public static class ParquetBatch
{
    /// <summary>The extension of the kept Parquet upload: <c>.parquet</c>.</summary>
    public const string Extension = ".parquet";

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>Whether <paramref name="fileName"/> names a Parquet upload (<c>.parquet</c> or <c>.parq</c>, any case).</summary>
    public static bool IsParquetName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return fileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".parq", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="head"/>, a file's first bytes, start with Parquet's magic number <c>PAR1</c>.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    /// <summary>The column names of the Parquet file in <paramref name="parquet"/> (seekable), in schema order.</summary>
    /// <exception cref="InvalidDataException">Not a readable Parquet file, or a column is nested (a list, map or struct).</exception>
    public static async Task<IReadOnlyList<string>> ReadColumnNamesAsync(Stream parquet, CancellationToken cancellationToken = default)
    {
        await using var reader = await OpenAsync(parquet, cancellationToken);
        return [.. Fields(reader).Select(f => f.Name)];
    }

    /// <summary>
    /// Writes the rows of the Parquet file in <paramref name="parquet"/> (seekable) to <paramref name="csv"/> as UTF-8 CSV with a
    /// header; returns the number of rows written.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a readable Parquet file, or a column is nested or holds bytes.</exception>
    public static async Task<long> WriteCsvAsync(Stream parquet, Stream csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        await using var reader = await OpenAsync(parquet, cancellationToken);
        var fields = Fields(reader);
        using var writer = new CsvWriter(csv, leaveOpen: true);
        writer.WriteRecord([.. fields.Select(f => f.Name)]);
        var rows = 0L;
        var record = new string[fields.Length];
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = checked((int)rowGroup.RowCount);
            var columns = new string[fields.Length][];
            for (var c = 0; c < fields.Length; c++)
            {
                columns[c] = await ReadColumnAsync(rowGroup, fields[c], count, cancellationToken);
            }

            for (var row = 0; row < count; row++)
            {
                for (var c = 0; c < fields.Length; c++)
                {
                    record[c] = columns[c][row];
                }

                writer.WriteRecord(record);
            }

            rows += count;
            cancellationToken.ThrowIfCancellationRequested();
        }

        writer.Flush();
        return rows;
    }

    /// <summary>One value as the CSV readers expect it: invariant culture, round-trip floating point, ISO 8601 times, null and NaN empty.</summary>
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        float f => float.IsNaN(f) ? string.Empty : f.ToString("R", CultureInfo.InvariantCulture),
        double d => double.IsNaN(d) ? string.Empty : d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString(t.Kind == DateTimeKind.Unspecified ? "yyyy-MM-ddTHH:mm:ss.FFFFFFF" : "o", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("o", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static async Task<ParquetReader> OpenAsync(Stream parquet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parquet);
        try
        {
            return await ParquetReader.CreateAsync(parquet, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            throw new InvalidDataException($"not a readable Parquet file ({FirstLine(ex.Message)}); upload the file as written, or as CSV", ex);
        }
    }

    private static DataField[] Fields(ParquetReader reader)
    {
        var nested = reader.Schema.Fields.Where(f => f is not DataField).Select(f => f.Name).ToList();
        if (nested.Count > 0)
        {
            throw new InvalidDataException($"Parquet column(s) {string.Join(", ", nested.Select(n => $"'{n}'"))} are nested (list, map or struct); only flat columns can be features or the label");
        }

        var fields = reader.Schema.GetDataFields();
        var bytes = fields.Where(f => f.ClrType == typeof(byte[])).Select(f => f.Name).ToList();
        if (bytes.Count > 0)
        {
            throw new InvalidDataException($"Parquet column(s) {string.Join(", ", bytes.Select(n => $"'{n}'"))} hold raw bytes; store text as UTF-8 strings");
        }

        return fields;
    }

    private static async Task<string[]> ReadColumnAsync(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken cancellationToken)
    {
        try
        {
            var type = field.ClrType;
            return type == typeof(string) || type == typeof(ReadOnlyMemory<char>) ? await ReadStringsAsync(rowGroup, field, count, cancellationToken)
                : type == typeof(double) ? await ReadAsync<double>(rowGroup, field, count, cancellationToken)
                : type == typeof(float) ? await ReadAsync<float>(rowGroup, field, count, cancellationToken)
                : type == typeof(long) ? await ReadAsync<long>(rowGroup, field, count, cancellationToken)
                : type == typeof(int) ? await ReadAsync<int>(rowGroup, field, count, cancellationToken)
                : type == typeof(short) ? await ReadAsync<short>(rowGroup, field, count, cancellationToken)
                : type == typeof(sbyte) ? await ReadAsync<sbyte>(rowGroup, field, count, cancellationToken)
                : type == typeof(byte) ? await ReadAsync<byte>(rowGroup, field, count, cancellationToken)
                : type == typeof(ushort) ? await ReadAsync<ushort>(rowGroup, field, count, cancellationToken)
                : type == typeof(uint) ? await ReadAsync<uint>(rowGroup, field, count, cancellationToken)
                : type == typeof(ulong) ? await ReadAsync<ulong>(rowGroup, field, count, cancellationToken)
                : type == typeof(decimal) ? await ReadAsync<decimal>(rowGroup, field, count, cancellationToken)
                : type == typeof(bool) ? await ReadAsync<bool>(rowGroup, field, count, cancellationToken)
                : type == typeof(DateTime) ? await ReadAsync<DateTime>(rowGroup, field, count, cancellationToken)
                : type == typeof(DateOnly) ? await ReadAsync<DateOnly>(rowGroup, field, count, cancellationToken)
                : type == typeof(TimeSpan) ? await ReadAsync<TimeSpan>(rowGroup, field, count, cancellationToken)
                : type == typeof(TimeOnly) ? await ReadAsync<TimeOnly>(rowGroup, field, count, cancellationToken)
                : throw new InvalidDataException($"Parquet column '{field.Name}' has type {type.Name}, which has no CSV rendering here; store it as a number, text or timestamp");
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            throw new InvalidDataException($"Parquet column '{field.Name}' cannot be read ({FirstLine(ex.Message)})", ex);
        }
    }

    private static async Task<string[]> ReadAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var values = new T?[count];
            await rowGroup.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            return Array.ConvertAll(values, v => v is { } x ? Format(x) : string.Empty);
        }

        var dense = new T[count];
        await rowGroup.ReadAsync(field, dense.AsMemory(), null, cancellationToken);
        return Array.ConvertAll(dense, v => Format(v));
    }

    private static async Task<string[]> ReadStringsAsync(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken cancellationToken)
    {
        var values = new string?[count];
        await rowGroup.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        return Array.ConvertAll(values, v => v ?? string.Empty);
    }

    /// <summary>What Parquet.Net throws on a file it cannot read (a truncated footer, a bad page, an unknown encoding).</summary>
    private static bool IsReadFailure(Exception ex) =>
        ex is IOException or InvalidOperationException or NotSupportedException or ArgumentException or IndexOutOfRangeException
            or OverflowException or FormatException or InvalidCastException;

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
