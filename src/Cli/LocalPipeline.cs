using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Hosting;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Cli;

/// <summary>
/// The retraining orchestrator on a real Durable Task engine in this process: runs are started through the same
/// <see cref="RunStarter"/> the Functions triggers use, and their progress is read from the orchestration's status.
/// </summary>
internal sealed class LocalPipeline : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly LocalDurableEngine _engine;
    private readonly RunStarter _starter;

    private LocalPipeline(LocalDurableEngine engine)
    {
        _engine = engine;
        _starter = new RunStarter(engine.Client, TimeProvider.System, NullLogger<RunStarter>.Instance);
    }

    /// <summary>Gets the worker's services (the store, the stage services).</summary>
    public IServiceProvider Services => _engine.Services;

    /// <summary>Gets the engine's Durable client (for hosts that start and watch runs themselves, such as <c>retrain serve</c>).</summary>
    public DurableTaskClient Client => _engine.Client;

    /// <summary>Starts the engine selected by the environment (<see cref="EngineSettings"/>: in memory unless <c>Engine__DurableConnection</c> is set).</summary>
    public static Task<LocalPipeline> StartAsync(Action<IServiceCollection> configureServices, CancellationToken cancellationToken) =>
        StartAsync(configureServices, EngineSettings.FromEnvironment().ToEngineOptions(), cancellationToken);

    /// <summary>
    /// Starts an engine with <paramref name="engineOptions"/> (e.g. <see cref="LocalEngineBackend.AzureStorage"/>: a run
    /// in progress when an earlier process died resumes as soon as this engine holds the task hub).
    /// </summary>
    public static async Task<LocalPipeline> StartAsync(Action<IServiceCollection> configureServices, LocalDurableEngineOptions engineOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        ArgumentNullException.ThrowIfNull(engineOptions);
        var engine = await LocalDurableEngine.StartAsync(engineOptions, configureServices, cancellationToken);
        return new LocalPipeline(engine);
    }

    /// <summary>Starts (or joins) a run and waits for it, reporting each stage as it begins.</summary>
    public async Task<RunRecord> RunAsync(RetrainRequest request, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        var start = await _starter.StartAsync(request, cancellationToken);
        RunProgress? last = null;
        while (true)
        {
            var instance = await _engine.Client.GetInstanceAsync(start.InstanceId, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"Instance {start.InstanceId} disappeared.");
            switch (instance.RuntimeStatus)
            {
                case OrchestrationRuntimeStatus.Completed:
                    return instance.ReadOutputAs<RunRecord>() ?? throw new InvalidOperationException($"Instance {start.InstanceId} completed without a run record.");
                case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated:
                    throw new InvalidOperationException($"Instance {start.InstanceId} ended {instance.RuntimeStatus}: {instance.FailureDetails}");
                default:
                    break;
            }

            var progress = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>();
            if (progress is not null && progress != last)
            {
                onProgress?.Invoke(progress);
                last = progress;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
