using System.Globalization;
using RetrainFunctions.Benchmarks;

namespace RetrainFunctions.Cli.Commands;

/// <summary>The side-by-side table of <c>retrain bench --python</c> (<see cref="BenchComparison"/>), for standard error.</summary>
internal static class BenchComparisonTable
{
    /// <summary>The table as plain text, with a line naming the Python versions and policy (or why there are no Python figures).</summary>
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = Terminal.Table("stack", "what", "seconds", "peak MB", "AUC");
        foreach (var row in BenchComparison.Rows(report))
        {
            Terminal.Row(table, row.Stack, row.What, BenchComparison.Seconds(row.Seconds), row.PeakMb.ToString("N0", CultureInfo.InvariantCulture), row.Auc?.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        var footer = report.Python is { } python
            ? $"Python {python.Python} ({string.Join(", ", python.Versions.Where(v => v.Value is not null).Select(v => $"{v.Key} {v.Value}"))}), {python.Threads} threads, OMP_WAIT_POLICY {python.OmpWaitPolicy}; ML.NET {report.Threads} threads, OMP_WAIT_POLICY {report.OmpWaitPolicy}."
                + string.Concat(python.Notes.Select(n => " " + n + "."))
            : $"No Python figures: {report.PythonError ?? "--python not given"}.";
        return Terminal.Plain(table) + footer + Environment.NewLine;
    }
}
