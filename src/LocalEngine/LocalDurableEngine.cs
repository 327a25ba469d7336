using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.LocalEngine;

/// <summary>
/// A real Durable Task engine inside the process: a gRPC sidecar (<see cref="TaskHubGrpcServer"/> over Kestrel HTTP/2
/// on a free loopback port) in front of the backend, a worker running the retraining orchestrator and activities, and
/// a <see cref="DurableTaskClient"/>. The command line and the tests run the same orchestrator code as the Functions app.
/// </summary>
/// <example>
/// <code>
/// await using var engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions(), services => services.AddRetrainCore().AddArtifactStore());
/// var starter = engine.Services.GetRequiredService&lt;RunStarter&gt;();
/// var start = await starter.StartAsync(new RetrainRequest("churn", RunTrigger.CommandLine));
/// var record = await starter.WaitForRunAsync(start.InstanceId);
/// </code>
/// </example>
public sealed partial class LocalDurableEngine : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long an orchestration message fetched by a crashed engine stays invisible (episodes take milliseconds).</summary>
    private static readonly TimeSpan ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] FrameworkCategories =
    [
        "Microsoft.DurableTask",
        "Microsoft.AspNetCore",
        "Microsoft.Hosting",
        "Microsoft.Extensions.Hosting",
        "Grpc",
        "System.Net.Http",
    ];

    private readonly WebApplication _sidecar;
    private readonly GrpcChannel _channel;
    private readonly IHost _worker;
    private readonly ILogger _logger;
    private int _disposed;

    private LocalDurableEngine(WebApplication sidecar, GrpcChannel channel, IHost worker, Uri address, ILogger logger)
    {
        _sidecar = sidecar;
        _channel = channel;
        _worker = worker;
        _logger = logger;
        Address = address;
        Client = worker.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>Gets the client of the engine's task hub.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>
    /// Gets the worker's services: those registered by the caller's <c>configureServices</c>, plus
    /// <see cref="DurableTaskClient"/>, <see cref="RunStarter"/>, <see cref="RunStarterFactory"/> and the
    /// <see cref="ActivityExecutionMonitor"/> its activities report to.
    /// </summary>
    public IServiceProvider Services => _worker.Services;

    /// <summary>Gets the sidecar's loopback address.</summary>
    public Uri Address { get; }

    /// <summary>Starts an engine; dispose it to stop it.</summary>
    /// <param name="options">The options. <value>Default: in memory, quiet, <see cref="Environment.ProcessorCount"/> concurrent activities.</value></param>
    /// <param name="configureServices">Registers the services the activities need (e.g. <c>AddRetrainCore</c> and <c>AddArtifactStore</c>, or fakes).</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The running engine.</returns>
    public static async Task<LocalDurableEngine> StartAsync(
        LocalDurableEngineOptions? options = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new LocalDurableEngineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentActivities, 1, nameof(options));
        ValidateBackend(options);

        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var workerId = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var sidecar = BuildSidecar(options, loggerFactory, workerId);
        if (options.Backend == LocalEngineBackend.AzureStorage)
        {
            // The sidecar does not create the task hub (queues, tables, lease blobs); create it before the dispatchers poll.
            try
            {
                await sidecar.Services.GetRequiredService<IOrchestrationService>().CreateIfNotExistsAsync().WaitAsync(cancellationToken);
            }
            catch
            {
                await sidecar.DisposeAsync();
                throw;
            }

            Log.TaskHubReady(loggerFactory.CreateLogger<LocalDurableEngine>(), options.TaskHubName, workerId);
        }

        if (options.DiagnosticActivityDelay > TimeSpan.Zero)
        {
            Log.DiagnosticDelayActive(loggerFactory.CreateLogger<LocalDurableEngine>(), options.DiagnosticActivityDelay);
        }

        await sidecar.StartAsync(cancellationToken);

        GrpcChannel? channel = null;
        IHost? worker = null;
        try
        {
            var address = new Uri(sidecar.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            channel = GrpcChannel.ForAddress(address);
            worker = BuildWorker(options, loggerFactory, channel, configureServices);
            await worker.StartAsync(cancellationToken);

            var logger = loggerFactory.CreateLogger<LocalDurableEngine>();
            Log.EngineStarted(logger, options.Backend, address, options.MaxConcurrentActivities);
            return new LocalDurableEngine(sidecar, channel, worker, address, logger);
        }
        catch
        {
            // Do not leak a listening sidecar when the worker cannot start; the exception propagates unchanged.
            worker?.Dispose();
            channel?.Dispose();
            await sidecar.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the worker, then the sidecar.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        try
        {
            await _worker.StopAsync(timeout.Token);
        }
        finally
        {
            _worker.Dispose();
            await _channel.ShutdownAsync();
            _channel.Dispose();
            await _sidecar.StopAsync(timeout.Token);
            await _sidecar.DisposeAsync();
        }

        Log.EngineStopped(_logger, Address);
    }

    private static WebApplication BuildSidecar(LocalDurableEngineOptions options, ILoggerFactory loggerFactory, string workerId)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(LocalDurableEngine).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory)).SetMinimumLevel(options.FrameworkLogLevel);

        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        if (options.Backend == LocalEngineBackend.AzureStorage)
        {
            builder.Services.AddSingleton(sp => new AzureStorageOrchestrationService(AzureStorageSettings(options, workerId, sp.GetRequiredService<ILoggerFactory>())));
            builder.Services.AddSingleton<IOrchestrationService>(sp => new ConcurrencyCappedOrchestrationService(
                sp.GetRequiredService<AzureStorageOrchestrationService>(),
                options.MaxConcurrentActivities,
                options.ActivityLockTimeout / 3,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<LocalDurableEngine>()));
            builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        }
        else
        {
            builder.Services.AddSingleton(sp => new InMemoryOrchestrationService(sp.GetRequiredService<ILoggerFactory>()));
            builder.Services.AddSingleton<IOrchestrationService>(sp =>
                new ConcurrencyCappedOrchestrationService(sp.GetRequiredService<InMemoryOrchestrationService>(), options.MaxConcurrentActivities));
            builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<InMemoryOrchestrationService>());
        }

        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        return app;
    }

    /// <summary>
    /// Settings for a single local engine on an Azure Storage task hub: one partition, queues polled at least every
    /// second, activity messages locked for <see cref="LocalDurableEngineOptions.ActivityLockTimeout"/> (renewed by
    /// <see cref="ConcurrencyCappedOrchestrationService"/>), the table partition manager with short leases so that a
    /// restart after a crash takes over within <see cref="LocalDurableEngineOptions.PartitionLeaseTimeout"/>, no app lease.
    /// </summary>
    private static AzureStorageOrchestrationServiceSettings AzureStorageSettings(LocalDurableEngineOptions options, string workerId, ILoggerFactory loggerFactory) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(options.DurableConnectionString!),
        TaskHubName = options.TaskHubName,
        WorkerId = workerId,
        LoggerFactory = loggerFactory,
        PartitionCount = 1,
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        WorkItemQueueVisibilityTimeout = options.ActivityLockTimeout,
        ControlQueueVisibilityTimeout = ControlQueueVisibilityTimeout,
        MaxConcurrentTaskActivityWorkItems = ConcurrencyCappedOrchestrationService.ReportedCap,
        MaxConcurrentTaskOrchestrationWorkItems = ConcurrencyCappedOrchestrationService.ReportedCap,
        UseAppLease = false,
        UseTablePartitionManagement = true,
        LeaseInterval = options.PartitionLeaseTimeout,
        LeaseRenewInterval = options.PartitionLeaseTimeout / 4,
        LeaseAcquireInterval = options.PartitionLeaseTimeout / 4,
    };

    private static void ValidateBackend(LocalDurableEngineOptions options)
    {
        switch (options.Backend)
        {
            case LocalEngineBackend.InMemory:
                return;
            case LocalEngineBackend.AzureStorage:
                if (string.IsNullOrWhiteSpace(options.DurableConnectionString))
                {
                    throw new ArgumentException("The AzureStorage backend needs DurableConnectionString (Azurite: UseDevelopmentStorage=true).", nameof(options));
                }

                if (!TaskHubNamePattern().IsMatch(options.TaskHubName))
                {
                    throw new ArgumentException($"Invalid task hub name '{options.TaskHubName}': use 3-45 ASCII letters and digits, starting with a letter.", nameof(options));
                }

                ArgumentOutOfRangeException.ThrowIfLessThan(options.ActivityLockTimeout, TimeSpan.FromSeconds(3), nameof(options));
                ArgumentOutOfRangeException.ThrowIfLessThan(options.PartitionLeaseTimeout, TimeSpan.FromSeconds(4), nameof(options));
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown backend.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskHubNamePattern();

    private static IHost BuildWorker(
        LocalDurableEngineOptions options,
        ILoggerFactory loggerFactory,
        GrpcChannel channel,
        Action<IServiceCollection>? configureServices)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        foreach (var category in FrameworkCategories)
        {
            builder.Logging.AddFilter(category, options.FrameworkLogLevel);
        }

        // The caller's services first, so that activities resolve them.
        configureServices?.Invoke(builder.Services);

        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(registry =>
            {
                if (options.RegisterRetrainTasks)
                {
                    registry.AddRetrainTasks(options.DiagnosticActivityDelay);
                }

                options.ConfigureTasks?.Invoke(registry);
            });
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        builder.Services.AddRunStarter();
        builder.Services.TryAddSingleton<ActivityExecutionMonitor>();
        return builder.Build();
    }
}
