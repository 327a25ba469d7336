using System.Diagnostics;
using System.Text;

namespace RetrainFunctions.Reliability.Tests.Infrastructure;

/// <summary>
/// The real <c>retrain</c> command line as a child process (<c>dotnet retrain.dll ...</c>, built next to this test
/// project), its output captured line by line. Disposing kills it and its children if it still runs.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Gets everything printed so far (standard output and error).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static CliProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts <c>retrain</c> with <paramref name="arguments"/> and these environment variables set.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(RetrainDll());
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Quiet, and no environment leaking a durable backend into runs that do not ask for one.
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        startInfo.Environment.Remove("Engine__DurableConnection");
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Waits until a printed line contains <paramref name="text"/>; returns that line.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var line = Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.TrimEnd('\r');
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"retrain exited ({_process.ExitCode}) before printing '{text}':\n{Output}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"retrain did not print '{text}' within {timeout}:\n{Output}");
    }

    /// <summary>Kills the process and its children at once (SIGKILL: no shutdown code runs).</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            throw new TimeoutException($"retrain did not exit within {timeout}:\n{Output}");
        }

        // The asynchronous readers may still be flushing the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string RetrainDll()
    {
        // tests/Reliability.Tests/bin/{Configuration}/{tfm}/ → src/Cli/bin/{Configuration}/{tfm}/retrain.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (here.Name, here.Parent!.Name);
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RetrainFunctions.sln")))
            {
                var dll = Path.Combine(folder.FullName, "src", "Cli", "bin", configuration, tfm, "retrain.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the command line first: {dll} does not exist.");
            }
        }

        throw new InvalidOperationException("RetrainFunctions.sln not found above " + AppContext.BaseDirectory);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }
}
