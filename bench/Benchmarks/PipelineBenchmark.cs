using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Benchmarks;

/// <summary>
/// The performance benchmark of <c>retrain bench</c>. Generates the reference and a drifted current dataset, deploys a
/// champion trained on the reference, then times one whole pipeline run on the current data through the real
/// orchestrator on the in-process engine (per-stage wall time and peak working set, orchestration overhead) and a bare
/// ML.NET baseline on the same file and split; with <see cref="PipelineBenchmarkOptions.Python"/>, the Python stack last.
/// </summary>
public static class PipelineBenchmark
{
    /// <summary>
    /// Generates the datasets in <paramref name="folder"/> unless they are there, runs the parts <paramref name="options"/>
    /// asks for and returns the figures; a Python stack that could not run leaves its reason in
    /// <see cref="BenchReport.PythonError"/>.
    /// </summary>
    public static async Task<BenchReport> RunAsync(PipelineBenchmarkOptions options, string folder, LocalDurableEngineOptions engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
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
        if (options.Part is BenchPart.Both or BenchPart.Pipeline)
        {
            pipeline = await RunPipelineAsync(options, folder, reference, current, engine, cancellationToken);
        }

        if (options.Part is BenchPart.Both or BenchPart.Baseline)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            await using var sampler = new MemorySampler("baseline");
            var (seconds, auc) = BareMlNetBaseline.Run(current, options.Rows, options.Threads);
            baseline = new BaselineFigures(Round(seconds), Math.Round(auc, 4), Megabytes(sampler.Peaks.GetValueOrDefault("baseline")));
        }

        // Python last, in its own process: our peak-memory figures are this process's alone.
        var (python, pythonError) = options.Python ? await PythonStack.RunAsync(current, reference, options.Threads, cancellationToken) : (null, null);

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

    private static async Task<PipelineFigures> RunPipelineAsync(PipelineBenchmarkOptions options, string folder, string reference, string current, LocalDurableEngineOptions engine, CancellationToken cancellationToken)
    {
        var storeRoot = Path.Combine(folder, $"store-{options.Rows}");
        if (Directory.Exists(storeRoot))
        {
            Directory.Delete(storeRoot, recursive: true);
        }

        var spec = options.InitSpec ? InitSpec(reference) : BenchDataset.Spec("bench");
        // The gate compares on the newest 20 %, the rows the baseline scores: the deployed model's AUC on them is comparable with the baseline's.
        spec = spec with { Window = spec.Window with { MaxRows = options.Rows }, Gate = spec.Gate with { ComparisonMaxRows = BareMlNetBaseline.HoldoutRows(options.Rows) } };

        await using var pipeline = await LocalPipeline.StartAsync(
            services =>
            {
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
                services.AddRetrainCore();
                services.AddArtifactStore(o => o.LocalRoot = storeRoot);
                services.Configure<TrainingOptions>(o => o.NumberOfThreads = options.Threads);

                // One file per dataset: at 10M rows it is about 2 GB, above the default 1 GiB limit of a batch.
                services.Configure<CollectionOptions>(o => o.MaxFileBytes = Math.Max(o.MaxFileBytes, Math.Max(new FileInfo(reference).Length, new FileInfo(current).Length)));
            },
            engine,
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
            first.Outcome?.ToString() ?? "unknown",
            record.Evaluation?.HoldoutRows ?? 0,
            record.Outcome == RunOutcome.Deployed && record.Evaluation?.ChallengerMetrics.TryGetValue(EvaluationMetric.Auc, out var auc) == true ? Math.Round(auc, 4) : null);
    }

    /// <summary>
    /// What <c>retrain init</c> writes for the reference file (the same inference, named "bench"), without its weekly
    /// policy: the bench times a run, and the policy would skip the second one (no 7 days since the first).
    /// </summary>
    private static ModelSpec InitSpec(string reference)
    {
        using var csv = File.OpenRead(reference);
        var bench = BenchDataset.Spec("bench");
        return ModelSpecInferrer.Infer(csv, new SpecInferenceOptions
        {
            Model = bench.Name,
            Label = bench.Label.Column,
            PositiveClass = bench.Label.PositiveClass,
            TimestampColumn = bench.TimestampColumn,
        }).Spec with { Policy = null };
    }

    private static async Task UploadAsync(IArtifactStore store, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        await store.WriteAsync(ModelArtifacts.For("bench").Incoming.File(Path.GetFileName(file)), stream, ArtifactWriteCondition.None, metadata: null, cancellationToken);
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static double Megabytes(long bytes) => Math.Round(bytes / 1048576.0, 1);
}
