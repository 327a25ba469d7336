using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain drift-replay --data FILE --label COL</c>: walks a time-ordered CSV in batches and prints each batch's
/// drift verdict and most drifted features, then the alarm counts.
/// </summary>
internal static class DriftReplayCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "A labeled CSV in time order.", Required = true };
        var label = new Option<string>("--label") { Description = "The label column.", Required = true };
        var batchRows = new Option<int>("--batch-rows") { Description = "Rows per batch.", DefaultValueFactory = _ => 336 };
        var reference = new Option<DriftReferenceKind>("--reference") { Description = "production (the first batch, never retrained), previous (the batch before) or seasonal (the same rows one season earlier).", DefaultValueFactory = _ => DriftReferenceKind.Production };
        var seasonRows = new Option<int>("--season-rows") { Description = "Season length in rows, for --reference seasonal.", DefaultValueFactory = _ => 365 };
        var seasons = new Option<int>("--seasons") { Description = "For --reference seasonal: how many past seasons to pool (the same period in each).", DefaultValueFactory = _ => 1 };
        var referenceRows = new Option<int?>("--reference-rows") { Description = "Rows of the production reference (default: one batch)." };
        var exclude = new Option<string[]>("--exclude") { Description = "Columns to leave out (ids, running dates).", AllowMultipleArgumentsPerToken = true };
        var quiet = new Option<bool>("--quiet") { Description = "Print only batches that raised an alarm, and the totals." };
        var command = new Command("drift-replay", "Replay a time-ordered CSV in batches and report drift per batch (verdicts, top drifted features, alarm counts).")
        {
            data, label, batchRows, reference, seasonRows, seasons, referenceRows, exclude, quiet,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(data);
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"error: --data: file '{file.FullName}' does not exist.");
                return 2;
            }

            var options = new DriftReplayOptions
            {
                BatchRows = parse.GetValue(batchRows),
                Reference = parse.GetValue(reference),
                SeasonRows = parse.GetValue(seasonRows),
                Seasons = parse.GetValue(seasons),
                ReferenceRows = parse.GetValue(referenceRows),
            };
            if (options.BatchRows < 1 || options.SeasonRows < 1 || options.Seasons < 1 || options.ReferenceRows is < 1)
            {
                await Console.Error.WriteLineAsync("error: --batch-rows, --season-rows and --reference-rows must be positive.");
                return 2;
            }

            ModelSpec spec;
            string[] header;
            List<string[]> rows;
            try
            {
                (spec, header, rows) = await LoadAsync(file, parse.GetRequiredValue(label), parse.GetValue(exclude) ?? []);
            }
            catch (Exception ex) when (ex is ModelSpecException or CsvFormatException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }

            Console.WriteLine($"{file.Name}: {rows.Count:N0} rows, features {string.Join(", ", spec.Features.Select(f => f.Name))}; label {spec.Label.Column}; "
                + $"batches of {options.BatchRows:N0} rows vs {options.Reference.ToString().ToLowerInvariant()} reference"
                + (options.Reference == DriftReferenceKind.Seasonal ? $" (season {options.SeasonRows:N0} rows)" : string.Empty) + ".");
            Replay(spec, header, rows, options, parse.GetValue(quiet), cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Infers the spec (features and label) from <paramref name="file"/> and reads its well-formed records.</summary>
    private static async Task<(ModelSpec Spec, string[] Header, List<string[]> Rows)> LoadAsync(FileInfo file, string label, string[] exclude)
    {
        ModelSpec spec;
        await using (var stream = file.OpenRead())
        {
            spec = ModelSpecInferrer.Infer(stream, new SpecInferenceOptions
            {
                Model = "drift-replay",
                Label = label,
                Exclude = exclude,
            }).Spec;
        }

        using var reader = new CsvReader(file.OpenRead());
        var header = reader.ReadHeader();
        List<string[]> rows = [];
        while (reader.ReadRecord() is { } record)
        {
            if (record.Length == header.Length)
            {
                rows.Add(record);
            }
        }

        return (spec, header, rows);
    }

    /// <summary>Prints each batch's verdict and most drifted features (only alarms when <paramref name="quiet"/>), then the totals.</summary>
    private static void Replay(ModelSpec spec, string[] header, List<string[]> rows, DriftReplayOptions options, bool quiet, CancellationToken cancellationToken)
    {
        Console.WriteLine("batch  rows           verdict   share  label    top drifted features (PSI net of bias / W1 in std)");
        var watch = Stopwatch.StartNew();
        var (batches, alarms, labelAlarms) = (0, 0, 0);
        var perFeature = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var batch in DriftReplayer.Replay(spec, header, rows, options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = batch.Report;
            batches++;
            alarms += report.DatasetDrifted ? 1 : 0;
            labelAlarms += report.Label?.Drifted == true ? 1 : 0;
            foreach (var feature in report.DriftedFeatures)
            {
                perFeature[feature] = perFeature.GetValueOrDefault(feature) + 1;
            }

            if (quiet && !report.DatasetDrifted)
            {
                continue;
            }

            var top = string.Join(", ", report.Features.Where(f => f.Drifted).Take(4).Select(Describe));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{batch.Index,5}  {batch.FirstRow,6}-{batch.FirstRow + batch.Rows - 1,-6}  {(report.DatasetDrifted ? "DRIFT" : "ok"),-8} {report.DriftedShare,5:0.00}  {(report.Label?.Drifted == true ? "drift" : "ok"),-7}  {top}"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{batches:N0} batches compared; dataset drift alarms: {alarms:N0}; label drift: {labelAlarms:N0}; in {watch.Elapsed.TotalSeconds:0.0} s."));
    Console.WriteLine("Batches with each feature drifted: " + (perFeature.Count == 0 ? "none" :
        string.Join(", ", perFeature.OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")))));
    }

    private static string Describe(FeatureDrift feature) => feature.Kind == Core.Profiling.ColumnKind.Numeric
        ? string.Create(CultureInfo.InvariantCulture, $"{feature.Column} ({feature.PsiCorrected:0.00}/{feature.NormalizedWasserstein:0.00})")
        : string.Create(CultureInfo.InvariantCulture, $"{feature.Column} (JS {feature.JensenShannon:0.00})");
}
