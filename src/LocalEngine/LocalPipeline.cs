using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.LocalEngine;

/// <summary>
/// The retraining orchestrator on a real Durable Task engine in this process: runs are requested through the same
/// <see cref="RetrainRunRequests"/> the Functions triggers use, and their progress is read from the orchestration's status.
/// The command line's runs, <c>retrain serve</c>, the backtester and the benchmarks all run on it.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly LocalDurableEngine _engine;
    private readonly RetrainRunRequests _runs;

    private LocalPipeline(LocalDurableEngine engine)
    {
        _engine = engine;
        _runs = engine.Services.GetRequiredService<RetrainRunRequests>();
    }

    /// <summary>Gets the worker's services (the store, the stage services).</summary>
    public IServiceProvider Services => _engine.Services;

    /// <summary>Gets the engine's Durable client (for hosts that start and watch runs themselves, such as <c>retrain serve</c>).</summary>
    public DurableTaskClient Client => _engine.Client;

    /// <summary>
    /// Starts an engine with <paramref name="engineOptions"/> and the services <paramref name="configureServices"/> adds
    /// (the artifact store, <c>AddRetrainCore</c>, logging) (e.g. <see cref="LocalEngineBackend.AzureStorage"/>: a run
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
    public Task<RunRecord> RunAsync(RetrainRequest request, Action<RunProgress>? onProgress, CancellationToken cancellationToken) =>
        RunAsync(request, onProgress, onAwaitingApproval: null, cancellationToken);

    /// <summary>
    /// Starts (or joins) a run and waits for it, reporting each stage as it begins. While the run waits for approval,
    /// the wait is published in the store and a decision filed there by any process (<c>retrain approve</c>, the API)
    /// is delivered to the run (<see cref="ApprovalRelay"/>); <paramref name="onAwaitingApproval"/> hears of the wait once.
    /// </summary>
    public Task<RunRecord> RunAsync(RetrainRequest request, Action<RunProgress>? onProgress, Action<PendingApproval>? onAwaitingApproval, CancellationToken cancellationToken) =>
        RunAsync(request, onProgress, onAwaitingApproval, onActivity: null, cancellationToken);

    /// <summary>
    /// Starts (or joins) a run and waits for it, as <see cref="RunAsync(RetrainRequest, Action{RunProgress}?, Action{PendingApproval}?, CancellationToken)"/>
    /// does; <paramref name="onActivity"/> also hears of each of the run's activities that this process executes as it
    /// starts, completes or fails (e.g. every candidate of the training fan-out), on the activity's thread
    /// (<see cref="ActivityExecutionMonitor"/>). Activities executed by other processes sharing the task hub are not seen.
    /// </summary>
    public async Task<RunRecord> RunAsync(RetrainRequest request, Action<RunProgress>? onProgress, Action<PendingApproval>? onAwaitingApproval, Action<ActivityExecution>? onActivity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Subscribed before the run is requested, so that its first activity is not missed; one instance per model.
        var instanceId = RetrainInstanceIds.For(request.Model);
        using var activities = onActivity is null ? null : _engine.Services.GetRequiredService<ActivityExecutionMonitor>().Subscribe(execution =>
        {
            if (execution.InstanceId == instanceId)
            {
                onActivity(execution);
            }
        });
        var start = await _runs.RequestRunAsync(_engine.Client, request, cancellationToken);
        var relay = new ApprovalRelay(_engine.Client, _engine.Services.GetRequiredService<ApprovalStore>(), TimeProvider.System, WaitingHost, NullLogger.Instance);
        RunProgress? last = null;
        try
        {
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

                if (await relay.RelayAsync(request.Model, instance, cancellationToken) is { } awaiting)
                {
                    onAwaitingApproval?.Invoke(awaiting);
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        finally
        {
            // The run no longer waits here: approvals must not be filed for it.
            await relay.WithdrawAllAsync(CancellationToken.None);
        }
    }

    /// <summary>Gets who hosts the runs of this process, as a waiting run names it (<see cref="PendingApproval.WaitingHost"/>).</summary>
    public static string WaitingHost { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"retrain process {Environment.ProcessId} on {Environment.MachineName}");

    /// <summary>Stops the engine.</summary>
    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
