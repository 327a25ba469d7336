using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Hosting;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Core.Tests.Hosting;

/// <summary>
/// The one entry every host's trigger calls, on a real Durable Task engine whose retraining orchestrator is a stand-in
/// that returns its request: which requests become runs, and what each run is asked for.
/// </summary>
public sealed class RetrainRunRequestsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TemporaryStore _store = new();
    private LocalDurableEngine? _engine;

    private LocalDurableEngine Engine => _engine ?? throw new InvalidOperationException("Not initialized.");

    private RetrainRunRequests Runs => Engine.Services.GetRequiredService<RetrainRunRequests>();

    public async Task InitializeAsync()
    {
        _engine = await LocalDurableEngine.StartAsync(
            new LocalDurableEngineOptions
            {
                RegisterRetrainTasks = false,
                ConfigureTasks = registry => registry.AddOrchestratorFunc<RetrainRequest, RetrainRequest>(nameof(RetrainOrchestrator), (_, request) => request),
            },
            services => services.AddSingleton<IArtifactStore>(_store.Store).AddRetrainCore());
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        _store.Dispose();
    }

    [Fact]
    public async Task RequestScheduledRunsAsync_MixedSpecs_StartsOnlyModelsOnScheduleAndSkipsBrokenSpecs()
    {
        // Arrange
        await SaveSpecAsync("due", new TriggerSpec { OnSchedule = true });
        await SaveSpecAsync("off", new TriggerSpec { OnSchedule = false });
        await _store.PutTextAsync(ModelArtifacts.For("broken").Specs.Document, "{ not json");

        // Act
        var starts = await Runs.RequestScheduledRunsAsync(Engine.Client);

        // Assert
        Assert.Equal(["retrain-due"], starts.Select(s => s.InstanceId));
        var request = await CompletedRequestAsync("retrain-due");
        Assert.Equal((RunTrigger.Schedule, "schedule", false), (request.Trigger, request.RequestedBy, request.Force));
        Assert.Null(await Engine.Client.GetInstanceAsync("retrain-off"));
        Assert.Null(await Engine.Client.GetInstanceAsync("retrain-broken"));
    }

    [Fact]
    public async Task RequestNewDataRunAsync_TriggerOn_StartsARunRequestedByTheFile()
    {
        // Arrange
        await SaveSpecAsync("fresh", new TriggerSpec { OnNewData = true });

        // Act
        var start = await Runs.RequestNewDataRunAsync(Engine.Client, "fresh", "week-01.csv");

        // Assert
        Assert.Equal(RunStartKind.Started, start?.Kind);
        var request = await CompletedRequestAsync("retrain-fresh");
        Assert.Equal((RunTrigger.NewData, "week-01.csv"), (request.Trigger, request.RequestedBy));
    }

    [Theory]
    [InlineData("quiet")]
    [InlineData("Not A Model")]
    [InlineData("nospec")]
    public async Task RequestNewDataRunAsync_TriggerOffInvalidNameOrNoSpec_StartsNothing(string model)
    {
        // Arrange
        await SaveSpecAsync("quiet", new TriggerSpec { OnNewData = false });

        // Act
        var start = await Runs.RequestNewDataRunAsync(Engine.Client, model, "week-01.csv");

        // Assert
        Assert.Null(start);
        Assert.Null(await Engine.Client.GetInstanceAsync(RetrainInstanceIds.For("quiet")));
        Assert.Null(await Engine.Client.GetInstanceAsync(RetrainInstanceIds.For("nospec")));
    }

    [Fact]
    public async Task RequestHttpRunAsync_Forced_StartsAForcedHttpRunEvenWithAutomaticTriggersOff()
    {
        // Arrange: the switches are for automatic triggers; a person asking is not one.
        await SaveSpecAsync("manual", new TriggerSpec { OnSchedule = false, OnNewData = false });

        // Act
        var start = await Runs.RequestHttpRunAsync(Engine.Client, "manual", force: true);

        // Assert
        Assert.Equal("retrain-manual", start.InstanceId);
        var request = await CompletedRequestAsync("retrain-manual");
        Assert.Equal((RunTrigger.Http, "http", true, start.RunId), (request.Trigger, request.RequestedBy, request.Force, request.RunId));
    }

    private async Task SaveSpecAsync(string model, TriggerSpec trigger)
    {
        var spec = new ModelSpecBuilder().Named(model).With(s => s with { Trigger = trigger }).Build();
        await new ModelSpecStore(_store.Store, TrainerRegistry.BuiltIn).SaveAsync(spec);
    }

    private async Task<RetrainRequest> CompletedRequestAsync(string instanceId)
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        var completed = await Engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RetrainRequest>()!;
    }
}
