using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.HostProtocol.Tests.Infrastructure;
using static RetrainFunctions.Functions.Tests.Orchestration.OrchestratorHistory;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.HostProtocol.Tests.Durable;

/// <summary>
/// The orchestrator and activity functions invoked through the protocol with the payloads the Durable extension sends:
/// the orchestrator gets the base64 <c>OrchestratorRequest</c> (past and new history events) and answers a base64
/// <c>OrchestratorResponse</c>; an activity gets its input as a JSON string and answers its result. Episode by
/// episode, the test plays the extension's part for a whole run that finds no new data.
/// </summary>
[Collection(HostProtocolCollection.Name)]
public sealed class DurableInvocationTests(HostProtocolFixture fixture)
{
    private const string Model = "durable-skip";
    private const string InstanceId = "retrain-" + Model;
    private const string RunId = "20261205T080000Z-0a1b2c3d";

    private static readonly DateTime T0 = new(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Run_NoNewData_OrchestratorAndActivitiesThroughTheProtocolRecordASkippedRunUnderTheStartersRunId()
    {
        // Arrange
        await fixture.SaveSpecAsync(Model);
        var request = new RetrainRequest(Model, RunTrigger.Http, RequestedBy: "alice", RunId: RunId);
        List<P.HistoryEvent> history = [];

        // Act 1: the first episode schedules the collection, under the run id the starter chose.
        var episode1 = await EpisodeAsync(history, [OrchestratorStarted(T0), ExecutionStarted(InstanceId, nameof(RetrainOrchestrator), request, T0)]);
        var collect = Assert.Single(episode1.Actions).ScheduleTask;
        Assert.Equal(RetrainActivityNames.CollectTrainingData, collect.Name);
        Assert.Equal(RunId, ActivityInput<CollectRequest>(collect.Input).RunId);
        history.AddRange([OrchestratorStarted(T0), ExecutionStarted(InstanceId, nameof(RetrainOrchestrator), request, T0), TaskScheduled(0, collect.Name, collect.Input, T0)]);

        // Act 2: the collection activity, against the real store.
        var collected = await ActivityAsync(RetrainActivityNames.CollectTrainingData, collect.Input);
        var result = Converter.Deserialize<CollectResult>(collected);
        Assert.NotNull(result);
        Assert.Empty(result.NewBatches);

        // Act 3: the second episode records the skipped run.
        var episode2 = await EpisodeAsync(history, [OrchestratorStarted(T0.AddSeconds(1)), TaskCompletedRaw(0, collected, T0.AddSeconds(1))]);
        var record = Assert.Single(episode2.Actions).ScheduleTask;
        Assert.Equal(RetrainActivityNames.RecordRun, record.Name);
        var path = await ActivityAsync(RetrainActivityNames.RecordRun, record.Input);

        // Assert: the record the activity wrote is that of the starter's run, skipped for want of data.
        Assert.Equal(ModelArtifacts.For(Model).Runs.Run(RunId).Record, path);
        var written = await fixture.Store.ReadJsonAsync<RunRecord>(path);
        Assert.Equal(RunId, written.RunId);
        Assert.Equal(InstanceId, written.InstanceId);
        Assert.Equal(RunOutcome.Skipped, written.Outcome);
        Assert.Equal("alice", written.RequestedBy);
    }

    [Fact]
    public async Task Run_RequestRaisedDuringTheRun_ContinuesAsNewAsTheFollowUpRunTheStarterNamed()
    {
        // Arrange: a run that found nothing, with a request raised on it while it ran.
        var request = new RetrainRequest(Model, RunTrigger.Http, RequestedBy: "alice", RunId: RunId);
        var spec = new Core.Specs.ModelSpec
        {
            Name = Model,
            Task = Core.Specs.ModelTask.BinaryClassification,
            Label = new Core.Specs.LabelSpec("churned", PositiveClass: "1"),
            Features = [new Core.Specs.FeatureSpec("tenure", Core.Specs.FeatureType.Numeric)],
        };
        List<P.HistoryEvent> history = [OrchestratorStarted(T0), ExecutionStarted(InstanceId, nameof(RetrainOrchestrator), request, T0)];
        var collect = Assert.Single((await EpisodeAsync([], history)).Actions).ScheduleTask;
        history.Add(TaskScheduled(0, collect.Name, collect.Input, T0));
        List<P.HistoryEvent> episode2 =
        [
            OrchestratorStarted(T0.AddSeconds(1)),
            EventRaised(RetrainEvents.RetrainRequested, new RetrainRequest(Model, RunTrigger.NewData, RequestedBy: "week-02.csv"), T0.AddSeconds(1)),
            TaskCompleted(0, new CollectResult(spec, "digest", [], 0), T0.AddSeconds(1)),
        ];
        var record = Assert.Single((await EpisodeAsync(history, episode2)).Actions).ScheduleTask;
        history.AddRange(episode2);
        history.Add(TaskScheduled(1, record.Name, record.Input, T0.AddSeconds(1)));

        // Act
        var final = await EpisodeAsync(history, [OrchestratorStarted(T0.AddSeconds(2)), TaskCompleted(1, "runs/x/record.json", T0.AddSeconds(2))]);

        // Assert
        var action = Assert.Single(final.Actions).CompleteOrchestration;
        Assert.Equal(P.OrchestrationStatus.ContinuedAsNew, action.OrchestrationStatus);
        var next = Converter.Deserialize<RetrainRequest>(action.Result);
        Assert.Equal(RetrainInstanceIds.FollowUpRunId(RunId), next?.RunId);
        Assert.Equal(RunTrigger.Coalesced, next?.Trigger);
    }

    private static P.HistoryEvent TaskCompletedRaw(int taskId, string serializedResult, DateTime at) => new()
    {
        EventId = -1,
        Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(at),
        TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = taskId, Result = serializedResult },
    };

    private async Task<P.OrchestratorResponse> EpisodeAsync(IEnumerable<P.HistoryEvent> past, IEnumerable<P.HistoryEvent> added)
    {
        const string Function = nameof(RetrainOrchestrator);
        var response = await fixture.Host.InvokeAsync(Function, [
            FunctionsHostStandIn.StringInput(fixture.Host.BindingName(Function, "orchestrationTrigger"), Encode(InstanceId, past, added)),
        ]);
        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, $"{response.Result.Exception?.Message}{Environment.NewLine}{fixture.Host.Diagnostics()}");
        return Decode(response.ReturnValue.String);
    }

    /// <summary>
    /// Invokes an activity with the input the orchestrator scheduled (the extension hands over the single input's JSON)
    /// and returns its result: JSON for an object, the text itself for a string.
    /// </summary>
    private async Task<string> ActivityAsync(string function, string scheduledInput)
    {
        var input = System.Text.Json.JsonDocument.Parse(scheduledInput).RootElement;
        var single = input.ValueKind == System.Text.Json.JsonValueKind.Array ? Assert.Single(input.EnumerateArray()).GetRawText() : scheduledInput;
        var response = await fixture.Host.InvokeAsync(function, [
            FunctionsHostStandIn.StringInput(fixture.Host.BindingName(function, "activityTrigger"), single),
        ]);
        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, $"{function}: {response.Result.Exception?.Message}{Environment.NewLine}{fixture.Host.Diagnostics()}");
        return response.ReturnValue.DataCase switch
        {
            TypedData.DataOneofCase.Json => response.ReturnValue.Json,
            TypedData.DataOneofCase.String => response.ReturnValue.String,
            var other => throw new InvalidOperationException($"{function} returned {other}."),
        };
    }
}
