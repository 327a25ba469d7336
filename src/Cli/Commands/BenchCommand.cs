using System.CommandLine;
using System.Text.Json;
using RetrainFunctions.Benchmarks;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain bench</c>: runs the performance benchmark (<see cref="PipelineBenchmark"/>: the whole pipeline at scale
/// against a bare ML.NET baseline, optionally the Python stack) on the engine the environment selects and prints JSON.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the reference and of the current dataset.", DefaultValueFactory = _ => 1_000_000 };
        var threads = new Option<int>("--threads") { Description = "Threads for LightGbm, in the pipeline and in the baseline.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Working folder (datasets are generated once and reused). Default: a folder under the system temp folder." };
        var part = new Option<string>("--part") { Description = "both, pipeline or baseline (one part per process gives clean peak-memory figures).", DefaultValueFactory = _ => "both" };
        part.AcceptOnlyFromAmong("both", "pipeline", "baseline");
        var output = new Option<FileInfo?>("--output") { Description = "Also write the JSON to this file." };
        var python = new Option<bool>("--python")
        {
            Description = "Then run the Python stack (bench/python/compare.py: pandas, scikit-learn, scipy, xgboost if installed; Debian's /usr/bin/python3) on the same files, add its figures to the JSON and print a side-by-side table on standard error.",
        };
        var spec = new Option<string>("--spec") { Description = "bench (one trainer, one window) or init (the spec `retrain init` infers from the reference file: its trainers × candidate windows).", DefaultValueFactory = _ => "bench" };
        spec.AcceptOnlyFromAmong("bench", "init");
        var command = new Command("bench", "Time the whole pipeline at scale against a bare ML.NET baseline (see docs/performance.md).") { rows, threads, work, part, output, python, spec };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new PipelineBenchmarkOptions(parse.GetValue(rows), parse.GetValue(threads), Enum.Parse<BenchPart>(parse.GetValue(part)!, ignoreCase: true), parse.GetValue(python), parse.GetValue(spec) == "init");
            if (options.Rows < 10_000)
            {
                await Console.Error.WriteLineAsync("error: --rows must be at least 10000.");
                return 2;
            }

            var folder = parse.GetValue(work)?.FullName ?? Path.Combine(Path.GetTempPath(), "retrain-bench");
            var report = await PipelineBenchmark.RunAsync(options, folder, EngineSettings.FromEnvironment().ToEngineOptions(), cancellationToken);
            if (report.PythonError is { } pythonError)
            {
                await Console.Error.WriteLineAsync($"warning: --python: {pythonError}; the report has no Python figures.");
            }

            var json = JsonSerializer.Serialize(report, RetrainJson.Options);
            Console.WriteLine(json);
            if (options.Python)
            {
                // Standard output stays one JSON document; the table is for people.
                await Console.Error.WriteAsync(BenchComparisonTable.Render(report));
            }

            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
