using System.Diagnostics;

namespace RetrainFunctions.Lab;

/// <summary>
/// Runs one of the Python scripts copied beside the command line (<c>bench/*.py</c>, from the repository's
/// <c>bench/python</c>) with Debian's interpreter, <c>/usr/bin/python3</c> (a <c>python3</c> earlier on PATH may be
/// another interpreter without Debian's python3-sklearn), as <c>bench/python/run.sh</c> does, with
/// <c>OMP_WAIT_POLICY=PASSIVE</c> unless set.
/// </summary>
public static class PythonScript
{
    /// <summary>The path of <paramref name="fileName"/> in the build output's <c>bench</c> folder.</summary>
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "bench", fileName);

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="arguments"/>; returns its standard output, or a one-line
    /// error (missing script, no interpreter, or the last line the script printed on standard error when it failed).
    /// </summary>
    public static async Task<(string? Output, string? Error)> RunAsync(
        string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!File.Exists(script))
        {
            return (null, $"{script} is missing from the build output");
        }

        var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.Environment.TryAdd("OMP_WAIT_POLICY", "PASSIVE");
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, $"python3 did not start ({ex.Message})");
        }

        if (process is null)
        {
            return (null, "python3 did not start");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return (null, $"python3 {Path.GetFileName(script)} failed ({process.ExitCode}): {(lines.Length > 0 ? lines[^1].Trim() : "no message")}");
            }

            return (await output, null);
        }
    }
}
