using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace RetrainFunctions.LocalEngine;

/// <summary>Options of <see cref="LocalDurableEngine.StartAsync"/>.</summary>
public sealed record LocalDurableEngineOptions
{
    /// <summary>Gets where orchestration state is kept. <value>Default: <see cref="LocalEngineBackend.InMemory"/>.</value></summary>
    public LocalEngineBackend Backend { get; init; } = LocalEngineBackend.InMemory;

    /// <summary>
    /// Gets the logger factory that receives the engine's logs (the app's own categories at the factory's levels, the
    /// Durable sidecar, worker, gRPC and ASP.NET Core categories at <see cref="FrameworkLogLevel"/> and above).
    /// <value>Default: <see langword="null"/>, no logs.</value>
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Gets the lowest level logged by the engine's own machinery. The sidecar logs every gRPC call at
    /// <see cref="LogLevel.Information"/>. <value>Default: <see cref="LogLevel.Warning"/>.</value>
    /// </summary>
    public LogLevel FrameworkLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// Gets how many activities run at once; the rest wait in the queue without polling (training is CPU-bound).
    /// <value>Default: <see cref="Environment.ProcessorCount"/>.</value>
    /// </summary>
    public int MaxConcurrentActivities { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Gets whether the retraining orchestrator and the Core activities are registered (see
    /// <see cref="RetrainTaskRegistryExtensions.AddRetrainTasks"/>). <value>Default: <see langword="true"/>.</value>
    /// </summary>
    public bool RegisterRetrainTasks { get; init; } = true;

    /// <summary>Gets a hook registering further orchestrators and activities (tests). <value>Default: none.</value></summary>
    public Action<DurableTaskRegistry>? ConfigureTasks { get; init; }
}
