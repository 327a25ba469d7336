using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Cli;

/// <summary>Checks on a file named on the command line, each failing as a usage error that names the option.</summary>
internal static class InputFile
{
    /// <summary>Throws a usage error unless <paramref name="file"/> is an existing, non-empty file.</summary>
    public static FileInfo RequireNonEmpty(FileInfo file, string what)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Directory.Exists(file.FullName))
        {
            throw new CommandLineException($"{what}: '{file.FullName}' is a folder; name a CSV file.");
        }

        if (!file.Exists)
        {
            throw new CommandLineException($"{what}: file '{file.FullName}' does not exist.");
        }

        if (file.Length == 0)
        {
            throw new CommandLineException($"{what}: file '{file.FullName}' is empty (0 bytes); expected a CSV with a header row.");
        }

        Span<byte> start = stackalloc byte[2];
        using (var stream = file.OpenRead())
        {
            start = start[..stream.ReadAtLeast(start, 2, throwOnEndOfStream: false)];
        }

        if (start is [0xFF, 0xFE] or [0xFE, 0xFF])
        {
            throw new CommandLineException($"{what}: file '{file.FullName}' is UTF-16 text; save it as UTF-8 (comma-separated).");
        }

        return file;
    }

    /// <summary>
    /// Throws a usage error with a delimiter hint when the header of <paramref name="file"/> is one column holding
    /// semicolons or tabs (a file saved with another delimiter: the reader only splits on commas).
    /// </summary>
    public static void RequireCommaSeparated(FileInfo file, string what)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var csv = new CsvReader(file.OpenRead());
        var header = csv.ReadHeader();
        if (header.Length == 1 && header[0].IndexOfAny([';', '\t']) >= 0)
        {
            var delimiter = header[0].Contains(';', StringComparison.Ordinal) ? "semicolon" : "tab";
            throw new CommandLineException($"{what}: file '{file.Name}' looks {delimiter}-delimited (its header is one column, '{header[0]}'); save it comma-separated.");
        }
    }

    /// <summary>Up to <paramref name="max"/> distinct non-empty values of <paramref name="column"/> (empty when the column is absent).</summary>
    public static IReadOnlySet<string> DistinctValues(FileInfo file, string column, int max)
    {
        ArgumentNullException.ThrowIfNull(file);
        var values = new HashSet<string>(StringComparer.Ordinal);
        using var csv = new CsvReader(file.OpenRead());
        var index = Array.IndexOf(csv.ReadHeader(), column);
        if (index < 0)
        {
            return values;
        }

        while (values.Count < max && csv.ReadRecord() is { } record)
        {
            if (index < record.Length && record[index].Trim() is { Length: > 0 } value)
            {
                values.Add(value);
            }
        }

        return values;
    }
}
