using System.Globalization;

namespace RetrainFunctions.Cli.Bench;

/// <summary>One line of the side-by-side table: what was timed, its seconds, the process's peak memory then, and the holdout AUC.</summary>
internal sealed record BenchComparisonRow(string Stack, string What, double Seconds, double PeakMb, double? Auc);

/// <summary>
/// The side-by-side table of <c>retrain bench --python</c>: the Python stack's read, fits and drift beside the bare ML.NET
/// baseline and our whole run, all on the same files (the baseline and the Python models on the same 70 % / 20 % split).
/// </summary>
internal static class BenchComparison
{
    /// <summary>The rows, Python's first, then ML.NET's; a part that did not run has no row.</summary>
    public static IReadOnlyList<BenchComparisonRow> Rows(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<BenchComparisonRow>();
        if (report.Python is { } python)
        {
            if (python.Read is { } read)
            {
                rows.Add(new("python", $"pandas read_csv of the current file ({read.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows)", read.Seconds, read.PeakRssMb, null));
            }

            if (python.Hgb is { } hgb)
            {
                rows.Add(new("python", $"sklearn HistGradientBoosting: read → fit → predict (fit {Seconds(hgb.FitSeconds)} s)", hgb.ReadFitPredictSeconds, hgb.PeakRssMb, hgb.Auc));
            }

            if (python.Xgboost is { } xgboost)
            {
                rows.Add(new("python", $"xgboost hist: read → fit → predict (fit {Seconds(xgboost.FitSeconds)} s)", xgboost.ReadFitPredictSeconds, xgboost.PeakRssMb, xgboost.Auc));
            }

            if (python.Drift is { } drift)
            {
                rows.Add(new("python", $"drift: read the reference ({Seconds(drift.ReadReferenceSeconds)} s) + KS/χ² over 23 features", drift.ReadReferenceSeconds + drift.Seconds, drift.PeakRssMb, null));
            }
        }

        if (report.Baseline is { } baseline)
        {
            rows.Add(new("ML.NET", "bare baseline: read → featurize → fit → score", baseline.Seconds, baseline.PeakWorkingSetMb, baseline.Auc));
        }

        if (report.Pipeline is { } pipeline)
        {
            var validate = pipeline.Stages.FirstOrDefault(s => s.Stage == "Validate");
            if (validate is not null)
            {
                rows.Add(new("ML.NET", "validate stage (inspection, profile, drift, prediction drift, importance)", validate.Seconds, validate.PeakWorkingSetMb, null));
            }

            rows.Add(new("ML.NET", $"whole retraining run ({pipeline.Outcome})", pipeline.TotalSeconds, pipeline.PeakWorkingSetMb, null));
        }

        return rows;
    }

    /// <summary>The table as plain text, with a line naming the Python versions and policy (or why there are no Python figures).</summary>
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = Terminal.Table("stack", "what", "seconds", "peak MB", "AUC");
        foreach (var row in Rows(report))
        {
            Terminal.Row(table, row.Stack, row.What, Seconds(row.Seconds), row.PeakMb.ToString("N0", CultureInfo.InvariantCulture), row.Auc?.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        var footer = report.Python is { } python
            ? $"Python {python.Python} ({string.Join(", ", python.Versions.Where(v => v.Value is not null).Select(v => $"{v.Key} {v.Value}"))}), {python.Threads} threads, OMP_WAIT_POLICY {python.OmpWaitPolicy}; ML.NET {report.Threads} threads, OMP_WAIT_POLICY {report.OmpWaitPolicy}."
                + string.Concat(python.Notes.Select(n => " " + n + "."))
            : $"No Python figures: {report.PythonError ?? "--python not given"}.";
        return Terminal.Plain(table) + footer + Environment.NewLine;
    }

    private static string Seconds(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture);
}
