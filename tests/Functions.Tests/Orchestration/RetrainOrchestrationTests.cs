using Microsoft.DurableTask.Worker.Grpc;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Functions.Orchestration;
using static RetrainFunctions.Functions.Tests.Orchestration.OrchestratorHistory;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.Functions.Tests.Orchestration;

/// <summary>
/// Runs the Functions orchestrator entry point through <see cref="GrpcOrchestrationRunner.LoadAndRun{TInput, TOutput}"/>,
/// the call the Durable extension makes for every orchestrator episode, with hand-built histories.
/// </summary>
public sealed class RetrainOrchestrationTests
{
    private const string InstanceId = "retrain-churn";

    private static readonly DateTime T0 = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddSeconds(3);
    private static readonly DateTime T2 = T1.AddSeconds(1);

    private static readonly RetrainRequest Request = new("churn", RunTrigger.Http, RequestedBy: "alice");

    private static readonly ModelSpec Spec = new()
    {
        Name = "churn",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("churned", PositiveClass: "1"),
        Features = [new FeatureSpec("tenure", FeatureType.Numeric)],
    };

    [Fact]
    public void Run_NewInstance_SchedulesCollectTrainingDataForTheModelAndRun()
    {
        // Act
        var response = Episode([], [OrchestratorStarted(T0), ExecutionStarted(InstanceId, nameof(RetrainOrchestrator), Request, T0)]);

        // Assert
        var action = Assert.Single(response.Actions);
        Assert.NotNull(action.ScheduleTask);
        Assert.Equal(RetrainActivityNames.CollectTrainingData, action.ScheduleTask.Name);
        var input = ActivityInput<CollectRequest>(action.ScheduleTask.Input);
        Assert.NotNull(input);
        Assert.Equal("churn", input.Model);
        Assert.Matches("^20250304T050607Z-[0-9a-f]{8}$", input.RunId);
        var progress = Converter.Deserialize<RunProgress>(response.CustomStatus);
        Assert.Equal(PipelineStage.Collect, progress?.Stage);
    }

    [Fact]
    public void Run_CollectFoundNoNewData_RecordsSkippedRunThenCompletesWithIt()
    {
        // Arrange: episode 1 scheduled the collection.
        List<P.HistoryEvent> history = [OrchestratorStarted(T0), ExecutionStarted(InstanceId, nameof(RetrainOrchestrator), Request, T0)];
        var collect = Assert.Single(Episode([], history).Actions).ScheduleTask;
        history.Add(TaskScheduled(0, collect.Name, collect.Input, T0));
        var runId = ActivityInput<CollectRequest>(collect.Input).RunId;

        // Act 1: the collection found nothing new.
        List<P.HistoryEvent> collected = [OrchestratorStarted(T1), TaskCompleted(0, new CollectResult(Spec, "spec-digest", [], DuplicatesIgnored: 2), T1)];
        var recordAction = Assert.Single(Episode(history, collected).Actions).ScheduleTask;

        // Assert 1: the run is recorded as skipped, without validation or training.
        Assert.Equal(RetrainActivityNames.RecordRun, recordAction.Name);
        var recorded = ActivityInput<RunRecord>(recordAction.Input);
        Assert.Equal(RunOutcome.Skipped, recorded.Outcome);
        Assert.Equal(runId, recorded.RunId);
        Assert.Equal(InstanceId, recorded.InstanceId);
        Assert.Equal(RunTrigger.Http, recorded.Trigger);
        Assert.Equal("alice", recorded.RequestedBy);
        Assert.Contains("2 duplicate file(s)", recorded.Reason, StringComparison.Ordinal);

        // Act 2: the record was written.
        history.AddRange(collected);
        history.Add(TaskScheduled(1, recordAction.Name, recordAction.Input, T1));
        var final = Assert.Single(Episode(history, [OrchestratorStarted(T2), TaskCompleted(1, $"runs/churn/{runId}/record.json", T2)]).Actions);

        // Assert 2: the orchestration completes with the record.
        Assert.NotNull(final.CompleteOrchestration);
        Assert.Equal(P.OrchestrationStatus.Completed, final.CompleteOrchestration.OrchestrationStatus);
        var output = Converter.Deserialize<RunRecord>(final.CompleteOrchestration.Result)!;
        Assert.Equal(RunOutcome.Skipped, output.Outcome);
        Assert.Equal(runId, output.RunId);
        Assert.Equal(T1, output.CompletedAt?.UtcDateTime);
    }

    [Fact]
    public void Run_RequestRaisedDuringRun_ContinuesAsNewWithTheCoalescedRequest()
    {
        // Arrange: collect scheduled, then completed with nothing new, then RecordRun scheduled.
        List<P.HistoryEvent> history = [OrchestratorStarted(T0), ExecutionStarted(InstanceId, nameof(RetrainOrchestrator), Request, T0)];
        var collect = Assert.Single(Episode([], history).Actions).ScheduleTask;
        history.Add(TaskScheduled(0, collect.Name, collect.Input, T0));
        List<P.HistoryEvent> collected = [OrchestratorStarted(T1), TaskCompleted(0, new CollectResult(Spec, "spec-digest", [], 0), T1)];
        var recordAction = Assert.Single(Episode(history, collected).Actions).ScheduleTask;
        history.AddRange(collected);
        history.Add(TaskScheduled(1, recordAction.Name, recordAction.Input, T1));
        var upload = new RetrainRequest("churn", RunTrigger.NewData, RequestedBy: "2025-03-04.csv");

        // Act: a trigger was raised on the instance (RunStarter coalesced it) before the record was written.
        var final = Assert.Single(Episode(history,
        [
            OrchestratorStarted(T2),
            EventRaised(RetrainEvents.RetrainRequested, upload, T2),
            TaskCompleted(1, "runs/churn/record.json", T2),
        ]).Actions);

        // Assert
        Assert.NotNull(final.CompleteOrchestration);
        Assert.Equal(P.OrchestrationStatus.ContinuedAsNew, final.CompleteOrchestration.OrchestrationStatus);
        var runId = ActivityInput<CollectRequest>(collect.Input).RunId;
        Assert.Equal(
            upload with { Trigger = RunTrigger.Coalesced, RunId = RetrainInstanceIds.FollowUpRunId(runId) },
            Converter.Deserialize<RetrainRequest>(final.CompleteOrchestration.Result));
    }

    private static P.OrchestratorResponse Episode(IEnumerable<P.HistoryEvent> pastEvents, IEnumerable<P.HistoryEvent> newEvents)
    {
        var encoded = Encode(InstanceId, pastEvents, newEvents);
        var response = GrpcOrchestrationRunner.LoadAndRun<RetrainRequest, RunRecord>(
            encoded, async (context, _) => await RetrainOrchestration.Run(context));
        return Decode(response);
    }
}
