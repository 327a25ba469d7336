using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Comparison;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain compare &lt;model&gt; &lt;versionA&gt; &lt;versionB&gt; --data FILE</c>: both versions scored on a labeled file with
/// the gate's metrics and paired intervals (<see cref="VersionComparer"/>), and a warning when the file overlaps the rows
/// either version was trained on.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var model = ModelArgument.Create();
        var versionA = new Argument<string>("versionA") { Description = "The version to compare against (the baseline)." };
        var versionB = new Argument<string>("versionB") { Description = "The version compared (improvements are B over A)." };
        var data = new Option<FileInfo>("--data") { Description = "A labeled CSV with the columns both versions need (e.g. rows neither has seen).", Required = true };
        var command = new Command("compare", "Score two versions on a labeled file with the gate's metrics and paired intervals; warns when the file overlaps the rows either was trained on.")
        {
            model, versionA, versionB, data,
        };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return (int)ExitCode.UsageError;
            }

            var file = InputFile.RequireNonEmpty(parse.GetRequiredValue(data), "--data");
            InputFile.RequireCommaSeparated(file, "--data");
            await using var services = store.BuildExistingServices(parse);
            var artifacts = services.GetRequiredService<IArtifactStore>();
            var (a, b) = (parse.GetRequiredValue(versionA), parse.GetRequiredValue(versionB));
            foreach (var version in new[] { a, b })
            {
                if (!IsId(version) || !await artifacts.ExistsAsync(ModelArtifacts.For(name).Versions.Version(version).Manifest, cancellationToken))
                {
                    throw new CommandLineException($"model '{name}' has no version '{version}'; 'retrain versions {name}' lists them.");
                }
            }

            VersionComparison comparison;
            try
            {
                comparison = await services.GetRequiredService<VersionComparer>().CompareAsync(name, a, b, await File.ReadAllBytesAsync(file.FullName, cancellationToken), cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                throw new CommandLineException($"--data: {ErrorReport.OneLine(ex.Message)}", ExitCode.UsageError, ex);
            }

            Console.Write(Render(comparison, file.Name));
            return (int)ExitCode.Success;
        });
        return command;
    }

    /// <summary>The comparison for people: a table of metrics, the gate metric's verdict, and the overlap warnings.</summary>
    internal static string Render(VersionComparison comparison, string fileName)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var (a, b) = (comparison.VersionA, comparison.VersionB);
        var table = Terminal.Table("metric", a, b, $"improvement of B (interval)");
        foreach (var interval in comparison.Intervals)
        {
            if (interval is null)
            {
                continue;
            }

            var metric = interval.Metric;
            var name = metric.ToString() + (metric == comparison.GateMetric ? " (gate)" : string.Empty);
            Terminal.Row(table, name, Value(comparison.MetricsA, metric), Value(comparison.MetricsB, metric),
                $"{Signed(interval.Improvement)} [{Signed(interval.Lower)}, {Signed(interval.Upper)}]");
        }


        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{comparison.Model}: {b} (B) against {a} (A) on {fileName}, {Rows(comparison.Rows)} rows, each version with the spec it was trained under."));
        text.Append(Terminal.Plain(table));
        text.AppendLine($"Intervals: {comparison.Method}. Improvement is oriented: positive means B is better.");
        if (comparison.Intervals.FirstOrDefault(i => i?.Metric == comparison.GateMetric) is { } gate)
        {
            var verdict = gate.Lower > 0 ? $"{b} is better than {a}" : gate.Upper < 0 ? $"{b} is worse than {a}" : "no significant difference";
            text.AppendLine($"On the gate metric ({comparison.GateMetric.ToString()}): {verdict} at {string.Create(CultureInfo.InvariantCulture, $"{gate.Confidence * 100:0.##} %")}.");
        }

        foreach (var overlap in comparison.Overlaps)
        {
            if (overlap.OverlappingRows > 0)
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"warning: {fileName} overlaps the training rows of {overlap.Version}: {Rows(overlap.OverlappingRows)} of {Rows(overlap.FileRows)} rows are in snapshot {overlap.SnapshotDigest[..Math.Min(12, overlap.SnapshotDigest.Length)]} it was trained on (batches {string.Join(", ", overlap.BatchIds.Select(id => id[..Math.Min(12, id.Length)]))}); its figures on them are optimistic."));
            }

            if (overlap.UncheckedBatches != 0)
            {
                text.AppendLine($"note: the overlap with {overlap.Version}'s training rows is {(overlap.UncheckedBatches < 0 ? "unknown (its snapshot manifest is gone)" : $"partly unknown ({overlap.UncheckedBatches} of its batches are no longer in the store)")}.");
            }
        }

        return text.ToString();
    }

    private static string Value(IReadOnlyDictionary<EvaluationMetric, double> metrics, EvaluationMetric metric) =>
        metrics.TryGetValue(metric, out var value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    private static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    private static string Rows(int rows) => rows.ToString("N0", CultureInfo.InvariantCulture);

    private static bool IsId(string id) => id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !id.Contains("..", StringComparison.Ordinal);
}
