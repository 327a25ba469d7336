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
    /// <see cref="RetrainTaskRegistryExtensions.AddRetrainTasks(DurableTaskRegistry)"/>). <value>Default: <see langword="true"/>.</value>
    /// </summary>
    public bool RegisterRetrainTasks { get; init; } = true;

    /// <summary>Gets a hook registering further orchestrators and activities (tests). <value>Default: none.</value></summary>
    public Action<DurableTaskRegistry>? ConfigureTasks { get; init; }

    /// <summary>
    /// Gets the Azure Storage connection string of the task hub for <see cref="LocalEngineBackend.AzureStorage"/>
    /// (Azurite: <c>UseDevelopmentStorage=true</c>). Never logged. <value>Default: <see langword="null"/>.</value>
    /// </summary>
    public string? DurableConnectionString { get; init; }

    /// <summary>
    /// Gets the task hub name for <see cref="LocalEngineBackend.AzureStorage"/>: 3–45 ASCII letters and digits,
    /// starting with a letter. Engines sharing a task hub share its runs. <value>Default: <c>retrain</c>.</value>
    /// </summary>
    public string TaskHubName { get; init; } = "retrain";

    /// <summary>
    /// Gets how long an activity's queue message stays locked for <see cref="LocalEngineBackend.AzureStorage"/>; the
    /// engine renews the lock every third of it while the activity runs, so a long training step is never handed out
    /// twice, and a step whose process was killed is retried after at most this long.
    /// <value>Default: 10 seconds.</value>
    /// </summary>
    public TimeSpan ActivityLockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets how long, for <see cref="LocalEngineBackend.AzureStorage"/>, a crashed engine's partition lease keeps the
    /// task hub before a restarted engine may take it over (the restart waits about this long).
    /// <value>Default: 10 seconds.</value>
    /// </summary>
    public TimeSpan PartitionLeaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets a diagnostics delay: each retraining activity waits this long before and again after its work, so that
    /// fault drills (kill the process during a given stage) can hit every stage. Never set it in production.
    /// <value>Default: <see cref="TimeSpan.Zero"/>, no delay.</value>
    /// </summary>
    public TimeSpan DiagnosticActivityDelay { get; init; } = TimeSpan.Zero;
}
