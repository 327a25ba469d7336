using System.Globalization;
using System.Text.Json;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab;

namespace RetrainFunctions.Benchmarks;

/// <summary>
/// <c>retrain bench --python</c>: runs <c>bench/python/compare.py</c> (pandas, scikit-learn, scipy and, when installed,
/// xgboost; Debian's packages with <c>/usr/bin/python3</c>, as <c>bench/python/run.sh</c> does) on the very files the
/// bench generated, so that its figures print beside ours from one command.
/// </summary>
public static class PythonStack
{
    /// <summary>The script, copied beside the command line at build time.</summary>
    public static string ScriptPath => PythonScript.PathOf("compare.py");

    /// <summary>Runs the script on <paramref name="current"/> and <paramref name="reference"/>; its figures, or a one-line reason why there are none.</summary>
    public static async Task<(PythonStackFigures? Figures, string? Error)> RunAsync(string current, string reference, int threads, CancellationToken cancellationToken)
    {
        var (output, error) = await PythonScript.RunAsync(
            ScriptPath, [current, reference, "--threads", threads.ToString(CultureInfo.InvariantCulture)], environment: null, cancellationToken);
        return output is null ? (null, error) : Parse(output);
    }

    /// <summary>Reads the JSON object the script prints.</summary>
    public static (PythonStackFigures? Figures, string? Error) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var figures = JsonSerializer.Deserialize<PythonStackFigures>(json, RetrainJson.Options);
            return figures?.Read is null ? (null, "compare.py printed no read figures") : (figures, null);
        }
        catch (JsonException ex)
        {
            return (null, $"compare.py printed something other than its JSON ({ex.Message})");
        }
    }
}
