using System.Diagnostics;
using System.Reflection;

namespace RetrainFunctions.Infra.Tests;

/// <summary>The Bicep CLI restored from NuGet (<c>Azure.Bicep.CommandLine.linux-x64</c>) and the repository's paths.</summary>
internal static class Bicep
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string MainTemplate { get; } = Path.Combine(RepositoryRoot, "infra", "main.bicep");

    public static string FunctionsMetadataPath { get; } = Metadata("FunctionsMetadataPath");

    /// <summary>Runs <c>bicep {arguments}</c> and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var executable = Metadata("BicepPath");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"The Bicep CLI is not at {executable}: restore tests/Infra.Tests (it downloads Azure.Bicep.CommandLine.linux-x64 from NuGet).");
        }

        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
