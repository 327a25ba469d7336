using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain ingest &lt;model&gt; &lt;file&gt;</c>: checks the file (exists, not empty, UTF-8 CSV — or Parquet, named
/// <c>.parquet</c> — whose header or schema has every column the model's spec needs, at least one row) and drops it into
/// <c>incoming/{model}/</c>. The next run validates
/// every row and quarantines what fails; this check only keeps files that cannot be a batch of this model out.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var model = ModelArgument.Create();
        var file = new Argument<FileInfo>("file") { Description = "A labeled CSV (or Parquet file, named .parquet) with the spec's columns." };
        var command = new Command("ingest", "Check a labeled CSV or Parquet file against the model's spec and upload it to incoming/{model}/; the next run collects, validates and learns from it.") { model, file };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            var source = InputFile.RequireNonEmpty(parse.GetRequiredValue(file), "file");
            var parquet = ParquetBatch.IsParquetName(source.Name);
            if (!parquet)
            {
                InputFile.RequireCommaSeparated(source, "file");
            }

            await using var services = store.BuildExistingServices(parse);
            var (spec, _) = await store.LoadSpecAsync(services, parse, name, cancellationToken);
            if (parquet)
            {
                await CheckParquetColumnsAsync(source, spec, cancellationToken);
            }
            else
            {
                CheckColumns(source, spec);
            }

            var artifacts = services.GetRequiredService<IArtifactStore>();
            var path = ModelArtifacts.For(name).Incoming.File(source.Name);
            await using (var stream = source.OpenRead())
            {
                await artifacts.WriteAsync(path, stream, ArtifactWriteCondition.None, metadata: null, cancellationToken);
            }

            Console.WriteLine($"Uploaded {source.Length:N0} bytes to {path} in {store.Describe(parse)}. Run 'retrain run {name}' to retrain.");
            return 0;
        });
        return command;
    }

    /// <summary>Throws a usage error unless the Parquet file is readable and its schema names every column of <paramref name="spec"/>.</summary>
    internal static async Task CheckParquetColumnsAsync(FileInfo source, ModelSpec spec, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> columns;
        try
        {
            await using var stream = source.OpenRead();
            columns = await ParquetBatch.ReadColumnNamesAsync(stream, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new CommandLineException($"file '{source.Name}' is {ex.Message}.", ex);
        }

        RequireSpecColumns(source, spec, [.. columns]);
    }

    /// <summary>Throws a usage error unless the file's header names every column of <paramref name="spec"/> and a row follows.</summary>
    internal static void CheckColumns(FileInfo source, ModelSpec spec)
    {
        string[] header;
        try
        {
            using var csv = new CsvReader(source.OpenRead());
            header = csv.ReadHeader();
            if (csv.ReadRecord() is null)
            {
                throw new CommandLineException($"file '{source.Name}' has a header but no rows; nothing to learn from.");
            }
        }
        catch (CsvFormatException ex)
        {
            throw new CommandLineException($"file '{source.Name}' is not a readable CSV: {ex.Message}", ex);
        }

        RequireSpecColumns(source, spec, header);
    }

    private static void RequireSpecColumns(FileInfo source, ModelSpec spec, string[] header)
    {
        var required = spec.Features.Select(f => f.Name).Append(spec.Label.Column);
        if (spec.TimestampColumn is { } timestamp)
        {
            required = required.Append(timestamp);
        }

        var present = header.ToHashSet(StringComparer.Ordinal);
        var missing = required.Where(c => !present.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            var hint = header.Length == 1 && header[0].Contains(';', StringComparison.Ordinal)
                ? " The header is one column containing ';': save the file comma-separated."
                : string.Empty;
            throw new CommandLineException(
                $"file '{source.Name}' lacks {missing.Count} column(s) the spec of '{spec.Name}' needs: {string.Join(", ", missing.Select(c => $"'{c}'"))} "
                + $"(its header has {header.Length}: {string.Join(", ", header.Take(12).Select(c => $"'{c}'"))}{(header.Length > 12 ? ", ..." : string.Empty)}).{hint}");
        }
    }
}
