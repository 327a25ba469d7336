using System.CommandLine;
using System.Globalization;
using RetrainFunctions.Benchmarks.Drift;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain drift-benchmark</c>: runs <see cref="DriftBenchmark"/> (profile + validate + drift of 23 columns, N new
/// rows against an N-row reference, from a local folder store), optionally side by side with pandas/scipy, and prints the figures.
/// </summary>
internal static class DriftBenchmarkCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the reference and of the new data.", DefaultValueFactory = _ => 1_000_000 };
        var folder = new Option<DirectoryInfo>("--dir") { Description = "Folder store for the generated data (kept between runs).", DefaultValueFactory = _ => new DirectoryInfo(".retrain-bench") };
        var python = new Option<bool>("--python") { Description = "Also time pandas/numpy profiling and scipy drift on the same files (needs python3-pandas and python3-scipy)." };
        var command = new Command("drift-benchmark", "Time profile + validate + drift of 23 columns (1,000,000 new rows vs a 1,000,000-row reference by default), from the stored CSVs.") { rows, folder, python };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(rows);
            if (count < 10)
            {
                await Console.Error.WriteLineAsync("error: --rows must be at least 10.");
                return 2;
            }

            var root = parse.GetRequiredValue(folder);
            var store = new LocalFolderArtifactStore(root.FullName);
            var referencePath = DriftBenchmark.ReferencePath(count);
            var currentPath = DriftBenchmark.CurrentPath(count);
            foreach (var (path, seed, shifted) in new[] { (referencePath, 1, false), (currentPath, 2, true) })
            {
                if (!await store.ExistsAsync(path, cancellationToken))
                {
                    Console.WriteLine($"Generating {path} ({count:N0} rows, 23 columns)...");
                    await store.WriteBytesAsync(path, DriftBenchmark.Generate(count, seed, shifted), ArtifactWriteCondition.None, cancellationToken);
                }
            }

            var bytes = (await store.GetPropertiesAsync(referencePath, cancellationToken))!.Length + (await store.GetPropertiesAsync(currentPath, cancellationToken))!.Length;
            Console.WriteLine($"Data: {count:N0} + {count:N0} rows, {DriftBenchmark.NumericColumns} numeric + {DriftBenchmark.CategoricalColumns} categorical features + a binary label, {bytes / 1e6:0} MB in {root.FullName}.");
            var figures = await DriftBenchmark.MeasureAsync(store, referencePath, currentPath, cancellationToken);
            Print(figures);
            if (parse.GetValue(python))
            {
                await RunPythonAsync(root, referencePath, currentPath, figures.TotalSeconds, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    private static void Print(DriftBenchmarkFigures f) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            .NET (this machine, {Environment.ProcessorCount} cores), streaming from the store in one pass:
              read + profile reference   {f.ReferenceSeconds,7:0.00} s
              read + profile new data    {f.CurrentSeconds,7:0.00} s
              validate + drift           {f.DriftSeconds,7:0.000} s   ({f.Findings} finding(s); drifted: {string.Join(", ", f.DriftedFeatures)})
              whole step                 {f.TotalSeconds,7:0.00} s   peak working set {f.PeakWorkingSet / 1e6:0} MB
            .NET, bytes loaded into memory first:
              load both files            {f.LoadSeconds,7:0.00} s
              profile + validate + drift {f.LoadedSeconds,7:0.00} s   (target <= 1.4 s)
            """));

    private static async Task RunPythonAsync(DirectoryInfo root, string referencePath, string currentPath, double dotnetSeconds, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await DriftBenchmark.RunPythonAsync(Path.Combine(root.FullName, referencePath), Path.Combine(root.FullName, currentPath), cancellationToken);
        if (exitCode != 0)
        {
            await Console.Error.WriteLineAsync($"python3 failed ({exitCode}): {error}");
            return;
        }

        Console.Write(output);
        if (DriftBenchmark.PythonWholeStepSeconds(output) is { } pythonSeconds)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ratio .NET / Python, whole step: {dotnetSeconds / pythonSeconds:0.00} (target <= 0.25)."));
        }
    }
}
