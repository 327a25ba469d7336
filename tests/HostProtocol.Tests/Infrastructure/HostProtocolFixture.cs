using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.LocalEngine;
using RetrainFunctions.Tests.Shared;

namespace RetrainFunctions.HostProtocol.Tests.Infrastructure;

/// <summary>
/// Everything the suite drives, started once: Azurite; a Durable Task gRPC endpoint on an Azure Storage task hub in
/// Azurite (the in-process engine's sidecar; its worker holds every retraining instance <c>Running</c> — "a run in
/// progress" — until the suite ends); the built Functions worker under <see cref="FunctionsHostStandIn"/>
/// with the sample settings pointed at a fresh container.
/// </summary>
public sealed class HostProtocolFixture : IAsyncLifetime
{
    /// <summary>The system key our stand-in puts in <c>[DurableClient]</c>'s query parameters, as the real extension does.</summary>
    public const string SystemKey = "durable-system-key-never-echoed";

    private readonly AzuriteFixture _azurite = new();
    private LocalDurableEngine? _engine;
    private FunctionsHostStandIn? _host;

    /// <summary>Gets the Functions app's build output folder.</summary>
    public static string AppDirectory { get; } = typeof(HostProtocolFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!;

    /// <summary>Gets the artifact container the worker and the engine share.</summary>
    public string Container { get; } = string.Create(CultureInfo.InvariantCulture, $"hp{Guid.NewGuid():N}");

    /// <summary>Gets the task hub name.</summary>
    public string TaskHub { get; } = string.Create(CultureInfo.InvariantCulture, $"hp{Guid.NewGuid():N}")[..20];

    /// <summary>Gets the Azurite connection string.</summary>
    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>Gets the stand-in host with the worker connected, indexed and loaded.</summary>
    public FunctionsHostStandIn Host => _host ?? throw new InvalidOperationException("Not started.");

    /// <summary>Gets the engine (its client, its store and spec services).</summary>
    public LocalDurableEngine Engine => _engine ?? throw new InvalidOperationException("Not started.");

    /// <summary>Gets a client of the task hub the worker's <c>[DurableClient]</c> talks to.</summary>
    public DurableTaskClient Durable => Engine.Client;

    /// <summary>Gets the artifact store (the worker's container).</summary>
    public IArtifactStore Store => Engine.Services.GetRequiredService<IArtifactStore>();

    /// <summary>The <c>[DurableClient]</c> input the Durable extension sends: a JSON string naming the gRPC endpoint.</summary>
    public string DurableClientInput() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["taskHubName"] = TaskHub,
        ["connectionName"] = "AzureWebJobsStorage",
        ["rpcBaseUrl"] = Engine.Address.ToString(),
        ["httpBaseUrl"] = "http://localhost:7071/runtime/webhooks/durabletask",
        ["baseUrl"] = "http://localhost:7071/runtime/webhooks/durabletask",
        ["requiredQueryStringParameters"] = $"code={SystemKey}",
        ["maxGrpcMessageSizeInBytes"] = int.MaxValue,
    });

    /// <summary>
    /// <c>POST http://localhost:7071/api/models/{model}/runs{query}</c> through the stand-in host to <c>HttpStartRetrain</c>,
    /// with <c>[DurableClient]</c> on the task hub.
    /// </summary>
    public async Task<(StartRunCall Call, InvocationResponse Invocation)> StartRunThroughFunctionsAsync(string model, string query = "")
    {
        const string Function = "HttpStartRetrain";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://localhost:7071/api/models/{model}/runs{query}");
        var client = FunctionsHostStandIn.StringInput(Host.BindingName(Function, "durableClient"), DurableClientInput());
        var (response, invocation) = await Host.InvokeHttpAsync(Function, request, new Dictionary<string, string> { ["model"] = model }, [client]);
        return (await StartRunCall.ReadAsync(response), invocation);
    }

    /// <summary>Saves a minimal binary-classification spec for <paramref name="model"/>.</summary>
    public Task SaveSpecAsync(string model, bool onSchedule = false, bool onNewData = true) =>
        Engine.Services.GetRequiredService<ModelSpecStore>().SaveAsync(new ModelSpec
        {
            Name = model,
            Task = ModelTask.BinaryClassification,
            Label = new LabelSpec("churned", PositiveClass: "1"),
            Features = [new FeatureSpec("tenure", FeatureType.Numeric)],
            Trigger = new TriggerSpec { OnSchedule = onSchedule, OnNewData = onNewData },
        });

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        await _azurite.CreateBlobServiceClient().GetBlobContainerClient(Container).CreateIfNotExistsAsync();
        _engine = await LocalDurableEngine.StartAsync(
            new LocalDurableEngineOptions
            {
                Backend = LocalEngineBackend.AzureStorage,
                DurableConnectionString = _azurite.ConnectionString,
                TaskHubName = TaskHub,
                RegisterRetrainTasks = false,
                ConfigureTasks = registry => registry.AddOrchestratorFunc<RetrainRequest, string>(nameof(RetrainOrchestrator), HoldAsync),
            },
            services =>
            {
                services.AddLogging();
                services.AddRetrainCore();
                services.AddArtifactStore(o =>
                {
                    o.ConnectionString = _azurite.ConnectionString;
                    o.ContainerName = Container;
                });
            });

        _host = await FunctionsHostStandIn.StartAsync(AppDirectory, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["ArtifactStore__ConnectionString"] = _azurite.ConnectionString,
            ["ArtifactStore__ContainerName"] = Container,
            ["ArtifactStorage"] = _azurite.ConnectionString,
            ["RetrainSchedule"] = "0 0 0 * * 0",
            ["Serving__PointerCheckInterval"] = "00:00:05",
        });
    }

    /// <summary>
    /// Stands in for <see cref="RetrainOrchestrator"/> on the engine's worker: the instance runs until the test ends, so
    /// every started run stays "in progress" (the real orchestrator's own tests are elsewhere; here the subject is the
    /// Functions worker's side).
    /// </summary>
    private static async Task<string> HoldAsync(Microsoft.DurableTask.TaskOrchestrationContext context, RetrainRequest request)
    {
        await context.WaitForExternalEvent<string>("host-protocol-tests-release");
        return request.RunId ?? string.Empty;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}
