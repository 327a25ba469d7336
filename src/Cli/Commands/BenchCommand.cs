using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Cli.Bench;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain bench</c>: the performance benchmark. Generates the reference and a drifted current dataset, deploys a
/// champion trained on the reference, then times one whole pipeline run on the current data through the real
/// orchestrator on the in-process engine (per-stage wall time and peak working set, orchestration overhead) and a bare
/// ML.NET baseline on the same file and split, and prints JSON.
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
        var command = new Command("bench", "Time the whole pipeline at scale against a bare ML.NET baseline (see docs/performance.md).") { rows, threads, work, part, output, python };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BenchOptions(parse.GetValue(rows), parse.GetValue(threads), parse.GetValue(part)!, parse.GetValue(python));
            if (options.Rows < 10_000)
            {
                await Console.Error.WriteLineAsync("error: --rows must be at least 10000.");
                return 2;
            }

            var folder = parse.GetValue(work)?.FullName ?? Path.Combine(Path.GetTempPath(), "retrain-bench");
            var report = await RunAsync(options, folder, cancellationToken);
            var json = JsonSerializer.Serialize(report, RetrainJson.Options);
            Console.WriteLine(json);
            if (options.Python)
            {
                // Standard output stays one JSON document; the table is for people.
                await Console.Error.WriteAsync(BenchComparison.Render(report));
            }

            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    private static async Task<BenchReport> RunAsync(BenchOptions options, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var reference = Path.Combine(folder, $"reference-{options.Rows}.csv");
        var current = Path.Combine(folder, $"current-{options.Rows}.csv");
        var generate = Stopwatch.StartNew();
        if (!File.Exists(reference))
        {
            BenchDataset.Write(reference, options.Rows, drifted: false, seed: 11);
        }

        if (!File.Exists(current))
        {
            BenchDataset.Write(current, options.Rows, drifted: true, seed: 12);
        }

        var generateSeconds = generate.Elapsed.TotalSeconds;
        PipelineFigures? pipeline = null;
        BaselineFigures? baseline = null;
        if (options.Part is "both" or "pipeline")
        {
            pipeline = await RunPipelineAsync(options, folder, reference, current, cancellationToken);
        }

        if (options.Part is "both" or "baseline")
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            await using var sampler = new MemorySampler("baseline");
            var (seconds, auc) = BareMlNetBaseline.Run(current, options.Rows, options.Threads);
            baseline = new BaselineFigures(Round(seconds), Round(auc), Megabytes(sampler.Peaks.GetValueOrDefault("baseline")));
        }

        // Python last, in its own process: our peak-memory figures are this process's alone.
        var (python, pythonError) = options.Python ? await PythonStack.RunAsync(current, reference, options.Threads, cancellationToken) : (null, null);
        if (pythonError is not null)
        {
            await Console.Error.WriteLineAsync($"warning: --python: {pythonError}; the report has no Python figures.");
        }

        return new BenchReport(
            options.Rows,
            options.Threads,
            Environment.ProcessorCount,
            Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "default (active)",
            Round(generateSeconds),
            pipeline,
            baseline,
            pipeline is not null && baseline is not null ? Round(pipeline.TotalSeconds / baseline.Seconds) : null,
            python,
            pythonError);
    }

    private static async Task<PipelineFigures> RunPipelineAsync(BenchOptions options, string folder, string reference, string current, CancellationToken cancellationToken)
    {
        var storeRoot = Path.Combine(folder, $"store-{options.Rows}");
        if (Directory.Exists(storeRoot))
        {
            Directory.Delete(storeRoot, recursive: true);
        }

        var spec = BenchDataset.Spec("bench") with { Window = new WindowSpec { MaxRows = options.Rows } };
        await using var pipeline = await EngineSettings.StartPipelineAsync(
            services =>
            {
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
                services.AddRetrainCore();
                services.AddArtifactStore(o => o.LocalRoot = storeRoot);
                services.Configure<TrainingOptions>(o => o.NumberOfThreads = options.Threads);

                // One file per dataset: at 10M rows it is about 2 GB, above the default 1 GiB limit of a batch.
                services.Configure<CollectionOptions>(o => o.MaxFileBytes = Math.Max(o.MaxFileBytes, Math.Max(new FileInfo(reference).Length, new FileInfo(current).Length)));
            },
            cancellationToken);
        var store = pipeline.Services.GetRequiredService<IArtifactStore>();
        await pipeline.Services.GetRequiredService<ModelSpecStore>().SaveAsync(spec, cancellationToken);

        var champion = Stopwatch.StartNew();
        await UploadAsync(store, reference, cancellationToken);
        var first = await pipeline.RunAsync(new RetrainRequest(spec.Name, RunTrigger.CommandLine, RequestedBy: "bench"), onProgress: null, cancellationToken);
        var championSeconds = champion.Elapsed.TotalSeconds;

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await using var sampler = new MemorySampler("upload");
        var clock = Stopwatch.StartNew();
        await UploadAsync(store, current, cancellationToken);
        var uploadSeconds = clock.Elapsed.TotalSeconds;
        var record = await pipeline.RunAsync(
            new RetrainRequest(spec.Name, RunTrigger.CommandLine, RequestedBy: "bench"),
            progress => sampler.Label = progress.Stage.ToString(),
            cancellationToken);
        var total = clock.Elapsed.TotalSeconds;
        sampler.Label = "done";

        var peaks = sampler.Peaks;
        var stages = record.Stages
            .Select(s => new StageFigures(s.Stage.ToString(), Round(s.Duration.TotalSeconds), Megabytes(peaks.GetValueOrDefault(s.Stage.ToString()))))
            .ToList();
        var inStages = uploadSeconds + record.Stages.Sum(s => s.Duration.TotalSeconds);
        return new PipelineFigures(
            Round(total),
            Round(uploadSeconds),
            stages,
            Round(total - inStages),
            Round((total - inStages) / total),
            Megabytes(peaks.Values.DefaultIfEmpty(0).Max()),
            record.Outcome?.ToString() ?? "unknown",
            record.Reason ?? string.Empty,
            Round(championSeconds),
            first.Outcome?.ToString() ?? "unknown");
    }

    private static async Task UploadAsync(IArtifactStore store, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        await store.WriteAsync(ArtifactPaths.Incoming("bench", Path.GetFileName(file)), stream, ArtifactWriteCondition.None, metadata: null, cancellationToken);
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static double Megabytes(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private sealed record BenchOptions(int Rows, int Threads, string Part, bool Python);
}
