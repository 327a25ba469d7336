using System.Globalization;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>
/// <c>retrain backtest --python</c>: runs the twenty-line loop a Python user would write (bench/python/naive_retrain.py:
/// scikit-learn retrained before every batch on the newest rows, and trained once) on the same time-ordered batches and
/// the same feature columns as the backtest, so the reference figures print beside ours from one command. Needs Debian's
/// python3-sklearn and python3-pandas (run with /usr/bin/python3, as bench/python/run.sh does).
/// </summary>
internal static class NaiveReference
{
    /// <summary>The script, copied beside the CLI at build time.</summary>
    public static string ScriptPath => PythonScript.PathOf("naive_retrain.py");

    /// <summary>
    /// Runs the script on <paramref name="stream"/> (fixed-size batches only) and returns its figures as baselines named
    /// after the model, the mode and the window; an error message instead when it cannot run.
    /// </summary>
    public static async Task<(Dictionary<string, IReadOnlyDictionary<string, double>>? Baselines, string? Error)> RunAsync(
        BacktestStream stream, ModelSpec spec, int evalFrom, int? windowRows, string folder, CancellationToken cancellationToken)
    {
        var batchRows = stream.Batches[0].Count;
        if (stream.Batches.Take(stream.Batches.Count - 1).Any(b => b.Count != batchRows))
        {
            return (null, "--python needs batches of a fixed size (--batch-rows)");
        }

        var csv = Path.Combine(folder, "python-input.csv");
        await File.WriteAllBytesAsync(csv, stream.ToCsv(0, stream.Batches.Count - 1), cancellationToken);
        var features = spec.Features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var dropped = stream.Header.Where(c => c != spec.Label.Column && !features.Contains(c)).ToList();
        var window = windowRows is > 0 ? windowRows.Value : spec.Window.MaxRows > 0 ? spec.Window.MaxRows : stream.Rows.Count;
        var arguments = new List<string> { csv, spec.Label.Column, Invariant(batchRows), Invariant(evalFrom), Invariant(window) };
        if (spec.Task == ModelTask.Regression)
        {
            arguments.Add("regression");
        }

        // The script drops 'timestamp' by default; an empty list must not fall back to that.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["DROP"] = dropped.Count > 0 ? string.Join(',', dropped) : "none" };
        var (output, error) = await PythonScript.RunAsync(ScriptPath, arguments, environment, cancellationToken);
        if (output is null)
        {
            return (null, error);
        }

        var metric = spec.Task == ModelTask.Regression ? "mae" : "accuracy";
        var baselines = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "hgb     periodic1  accuracy 0.7811"
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4 && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                var mode = parts[1] == "periodic1" ? "every batch" : "once";
                baselines[$"python {parts[0]} {mode}, newest {window:N0} rows"] = new Dictionary<string, double>(StringComparer.Ordinal) { [metric] = value };
            }
        }

        return baselines.Count > 0 ? (baselines, null) : (null, "python3 printed no figures");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
