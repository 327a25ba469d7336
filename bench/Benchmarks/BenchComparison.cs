using System.Globalization;

namespace RetrainFunctions.Benchmarks;

/// <summary>One line of the side-by-side table: what was timed, its seconds, the process's peak memory then, and the holdout AUC.</summary>
/// <param name="Stack">python or ML.NET.</param>
/// <param name="What">What was timed.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="PeakMb">The process's peak memory in MB.</param>
/// <param name="Auc">The holdout AUC, when a model was scored.</param>
public sealed record BenchComparisonRow(string Stack, string What, double Seconds, double PeakMb, double? Auc);

/// <summary>
/// The side-by-side table of <c>retrain bench --python</c>: the Python stack's read, fits and drift beside the bare ML.NET
/// baseline and our whole run, all on the same files (the baseline and the Python models on the same 70 % / 20 % split).
/// </summary>
/// <remarks>The command line renders the rows as a table.</remarks>
public static class BenchComparison
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

    /// <summary>Seconds as the table shows them (two decimals, invariant).</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture);
}
