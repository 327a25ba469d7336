using System.Text;
using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Hosting;
using RetrainFunctions.LocalEngine;
using RetrainFunctions.Tests.Shared;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>
/// Orchestration versioning: runs start on <see cref="RetrainOrchestrator.CurrentVersion"/>, and an instance in flight
/// when a new version is deployed finishes on the version it started on, on a durable task hub (Azure Storage on Azurite)
/// that outlives the engine.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrchestratorVersioningTests(AzuriteFixture azurite)
{
    /// <summary>The version a next deployment would add, stood in for by a small orchestrator.</summary>
    private static readonly string NextVersion = (int.Parse(RetrainOrchestrator.CurrentVersion, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task StartAsync_NewRun_StartsOnTheCurrentVersion()
    {
        // Arrange: an orchestrator that reports the version its instance carries.
        await using var engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            RegisterRetrainTasks = false,
            ConfigureTasks = registry => registry.AddOrchestratorFunc<RetrainRequest, string>(nameof(RetrainOrchestrator), (context, _) => Task.FromResult(context.Version)),
        });
        var starter = engine.Services.GetRequiredService<RunStarter>();

        // Act
        var start = await starter.StartAsync(new RetrainRequest("churn", RunTrigger.CommandLine));
        var done = await engine.Client.WaitForInstanceCompletionAsync(start.InstanceId, getInputsAndOutputs: true);

        // Assert
        Assert.Equal(RetrainOrchestrator.CurrentVersion, done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RunAsync_InstanceOnCurrentVersionWhenANewerIsDeployed_CompletesOnItsVersionWhileNewRunsTakeTheNewer()
    {
        // Arrange: this deployment (this build) starts a run that waits for approval, then stops.
        using var store = new TemporaryStore();
        var taskHub = "versioning" + Guid.NewGuid().ToString("N")[..10];
        await new ModelSpecStore(store.Store).SaveAsync(PipelineHarness.Spec() with { Approval = new ApprovalSpec { Required = true, TimeoutHours = 1 } });
        await store.Store.WriteBytesAsync(ModelArtifacts.For("churn").Incoming.File("week-0.csv"), Encoding.UTF8.GetBytes(PipelineHarness.Batch(0, 600)), ArtifactWriteCondition.None);
        RunStart start;
        RunProgress waiting;
        await using (var deployment1 = await StartEngineAsync(taskHub, store.Store, nextVersion: false))
        {
            start = await deployment1.Services.GetRequiredService<RunStarter>().StartAsync(new RetrainRequest("churn", RunTrigger.CommandLine));
            waiting = await WaitForApprovalAsync(deployment1.Client, start.InstanceId);
        }

        // Act: the next deployment registers a newer version with another history beside this build's; a new run starts on it, and the
        // waiting instance gets its approval.
        await using var deployment2 = await StartEngineAsync(taskHub, store.Store, nextVersion: true);
        await deployment2.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RetrainOrchestrator), new RetrainRequest("other", RunTrigger.CommandLine), new StartOrchestrationOptions("retrain-other") { Version = NextVersion });
        await new ApprovalSubmitter(deployment2.Client).SubmitAsync(new ApprovalDecision("churn", waiting.CandidateVersion!, waiting.EvaluationDigest!, true, "alice"));
        var record = await deployment2.Services.GetRequiredService<RunStarter>().WaitForRunAsync(start.InstanceId, TimeSpan.FromMinutes(3));
        var newRun = await deployment2.Client.WaitForInstanceCompletionAsync("retrain-other", getInputsAndOutputs: true);

        // Assert
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal((ApprovalOutcome.Approved, "alice"), (record.Approval!.Outcome, record.Approval.DecidedBy));
        Assert.Equal(record.RunId, (await store.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("churn").Deployment.Production)).Version);
        Assert.Equal($"version {NextVersion} ran other", newRun.ReadOutputAs<string>());
    }

    [Fact]
    public void RunAsync_InstanceOfAnUnknownNewerVersion_FailsNamingTheVersion()
    {
        // Arrange: the first episode of an instance started on a version this build does not know.
        var at = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        var request = new P.OrchestratorRequest { InstanceId = "retrain-churn" };
        request.NewEvents.Add(new P.HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(at), OrchestratorStarted = new() });
        request.NewEvents.Add(new P.HistoryEvent
        {
            EventId = -1,
            Timestamp = Timestamp.FromDateTime(at),
            ExecutionStarted = new P.ExecutionStartedEvent
            {
                Name = nameof(RetrainOrchestrator),
                Version = "9",
                Input = JsonDataConverter.Default.Serialize(new RetrainRequest("churn", RunTrigger.Http)),
                OrchestrationInstance = new P.OrchestrationInstance { InstanceId = "retrain-churn", ExecutionId = "e1" },
            },
        });

        // Act
        var encoded = GrpcOrchestrationRunner.LoadAndRun<RetrainRequest, RunRecord>(
            Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(request)), async (context, input) => await RetrainOrchestrator.RunAsync(context, input!));
        var response = P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(encoded));

        // Assert: nothing scheduled; the instance fails with the reason.
        var action = Assert.Single(response.Actions);
        Assert.Equal(P.OrchestrationStatus.Failed, action.CompleteOrchestration.OrchestrationStatus);
        Assert.Contains($"started on orchestrator version 9; this build runs versions {string.Join(", ", RetrainOrchestrator.Versions)}", action.CompleteOrchestration.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private Task<LocalDurableEngine> StartEngineAsync(string taskHub, IArtifactStore store, bool nextVersion) => LocalDurableEngine.StartAsync(
        new LocalDurableEngineOptions
        {
            Backend = LocalEngineBackend.AzureStorage,
            DurableConnectionString = azurite.ConnectionString,
            TaskHubName = taskHub,
            ConfigureTasks = nextVersion
                ? registry => registry.AddOrchestratorFunc<RetrainRequest, string>(nameof(RetrainOrchestrator), new TaskVersion(NextVersion), (context, request) => Task.FromResult($"version {context.Version} ran {request!.Model}"))
                : null,
        },
        services =>
        {
            services.AddLogging();
            services.AddRetrainCore();
            services.AddSingleton(store);
            services.Configure<TrainingOptions>(o => o.NumberOfThreads = 1);
        });

    private static async Task<RunProgress> WaitForApprovalAsync(DurableTaskClient client, string instanceId)
    {
        for (var attempt = 0; attempt < 1_200; attempt++)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance?.ReadCustomStatusAs<RunProgress>() is { Stage: PipelineStage.Approve, CandidateVersion: not null } progress)
            {
                return progress;
            }

            Assert.False(instance?.IsCompleted, $"The run ended before asking for approval: {instance?.SerializedOutput}");
            await Task.Delay(100);
        }

        throw new TimeoutException("The run never asked for approval.");
    }
}
