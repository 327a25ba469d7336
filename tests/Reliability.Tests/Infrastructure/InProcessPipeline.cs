using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Hosting;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Reliability.Tests.Infrastructure;

/// <summary>The real orchestrator and stages on an in-process engine, over a blob store in Azurite reached through the given client.</summary>
internal sealed class InProcessPipeline : IAsyncDisposable
{
    private readonly LocalDurableEngine _engine;

    private InProcessPipeline(LocalDurableEngine engine)
    {
        _engine = engine;
        Store = engine.Services.GetRequiredService<IArtifactStore>();
        Starter = new RunStarter(engine.Client, TimeProvider.System, NullLogger<RunStarter>.Instance);
    }

    public IArtifactStore Store { get; }

    public RunStarter Starter { get; }

    public IServiceProvider Services => _engine.Services;

    public static async Task<InProcessPipeline> StartAsync(
        BlobServiceClient blobs,
        string connectionString,
        string container,
        LocalDurableEngineOptions? engineOptions = null,
        ILoggerFactory? loggerFactory = null)
    {
        var engine = await LocalDurableEngine.StartAsync(
            engineOptions ?? new LocalDurableEngineOptions(),
            services =>
            {
                if (loggerFactory is null)
                {
                    services.AddLogging();
                }
                else
                {
                    services.AddSingleton(loggerFactory);
                    services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
                    services.AddOptions();
                }

                services.AddRetrainCore();
                services.AddSingleton(blobs);
                services.AddArtifactStore(o =>
                {
                    o.ConnectionString = connectionString;
                    o.ContainerName = container;
                });
                services.Configure<TrainingOptions>(o => o.NumberOfThreads = 1);
            });
        return new InProcessPipeline(engine);
    }

    public async Task<RunRecord> RunAsync(string model, RunTrigger trigger = RunTrigger.CommandLine)
    {
        var start = await Starter.StartAsync(new RetrainRequest(model, trigger, false, "reliability"));
        return await Starter.WaitForRunAsync(start.InstanceId, TimeSpan.FromMinutes(3));
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
