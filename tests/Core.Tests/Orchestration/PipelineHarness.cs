using RetrainFunctions.Core.Collection;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Hosting;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>
/// The real orchestrator and the real stage services on a real in-process Durable Task engine, over a store of the
/// test's choosing (a temporary folder by default).
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly TemporaryStore? _temporary;
    private readonly LocalDurableEngine _engine;

    private PipelineHarness(LocalDurableEngine engine, IArtifactStore store, TemporaryStore? temporary)
    {
        _engine = engine;
        Store = store;
        _temporary = temporary;
        Starter = new RunStarter(engine.Client, TimeProvider.System, NullLogger<RunStarter>.Instance);
    }

    public IArtifactStore Store { get; }

    public RunStarter Starter { get; }

    public LocalDurableEngine Engine => _engine;

    public static ModelSpec Spec(string name = "churn") => new()
    {
        Name = name,
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        TimestampColumn = "ts",
        Features = [new("x1", FeatureType.Numeric), new("x2", FeatureType.Numeric), new("color", FeatureType.Categorical)],
        Trainers = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression],
        Validation = new ValidationSpec { MinTrainingRows = 100 },
        // The default gate: non-inferiority on log-loss (bits); the threshold is a maximum: better than a coin flip (1 bit).
        Gate = new GateSpec { MinHoldoutRows = 30, Threshold = 0.95 },
    };

    /// <summary>Starts the engine; <paramref name="configure"/> adds to the worker's services after <c>AddRetrainCore</c> (e.g. a trainer).</summary>
    public static async Task<PipelineHarness> StartAsync(Func<IArtifactStore, IArtifactStore>? decorate = null, IArtifactStore? store = null, long? collectionLimitBytes = null, Action<IServiceCollection>? configure = null)
    {
        var temporary = store is null ? new TemporaryStore() : null;
        var inner = store ?? temporary!.Store;
        var effective = decorate?.Invoke(inner) ?? inner;
        var engine = await LocalDurableEngine.StartAsync(
            new LocalDurableEngineOptions(),
            services =>
            {
                services.AddLogging();
                services.AddRetrainCore();
                services.AddSingleton(effective);
                services.Configure<TrainingOptions>(o => o.NumberOfThreads = 1);
                if (collectionLimitBytes is { } limit)
                {
                    services.Configure<CollectionOptions>(o => o.MaxFileBytes = limit);
                }

                configure?.Invoke(services);
            });
        return new PipelineHarness(engine, effective, temporary);
    }

    /// <summary>A learnable binary stream: yes when x1 + 0.5·x2 + noise is high; 'red' adds risk.</summary>
    public static string Batch(int week, int rows, int seed = 1, bool drifted = false, double threshold = 0.3)
    {
        var random = new Random(unchecked((seed * 100_003) + week)); // not HashCode.Combine: it is randomized per process
        var text = new StringBuilder("x1,x2,color,label,ts\n");
        var start = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc).AddDays(7 * week);
        for (var i = 0; i < rows; i++)
        {
            var x1 = (random.NextDouble() * 4) - 2;
            var x2 = (random.NextDouble() * 4) - 2;
            var color = random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            var signal = (drifted ? -x1 : x1) + (0.5 * x2) + (color == "red" ? 0.8 : 0) + (random.NextDouble() - 0.5);
            var timestamp = start.AddMinutes(i * 10);
            text.Append(CultureInfo.InvariantCulture, $"{x1:0.000},{x2:0.000},{color},{(signal > threshold ? "yes" : "no")},{timestamp:yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        return text.ToString();
    }

    /// <summary>Saves <paramref name="spec"/> through the worker's own spec store, so it is validated against the worker's trainers.</summary>
    public Task SaveSpecAsync(ModelSpec spec) => _engine.Services.GetRequiredService<ModelSpecStore>().SaveAsync(spec);

    public Task UploadAsync(string model, string fileName, string csv) =>
        Store.WriteBytesAsync(ModelArtifacts.For(model).Incoming.File(fileName), Encoding.UTF8.GetBytes(csv), ArtifactWriteCondition.None);

    public async Task<RunRecord> RunAsync(string model, bool force = false)
    {
        var start = await Starter.StartAsync(new RetrainRequest(model, RunTrigger.CommandLine, force, "test"));
        return await Starter.WaitForRunAsync(start.InstanceId, TimeSpan.FromMinutes(3));
    }

    public async Task<List<string>> ListAsync(string prefix)
    {
        var paths = new List<string>();
        await foreach (var item in Store.ListAsync(prefix))
        {
            paths.Add(item.Path);
        }

        return paths;
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _temporary?.Dispose();
    }
}
