using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Training;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary><see cref="ActivityExecutionMonitor"/> on a real in-process engine running the real pipeline.</summary>
public sealed class ActivityExecutionMonitorTests
{
    [Fact]
    public async Task Subscribe_RunWithATransientDeployFailure_ReportsEachExecutionWithItsInputAndTheFailures()
    {
        // Arrange: the production pointer write fails twice, so the deploy activity throws twice before it succeeds.
        await using var harness = await PipelineHarness.StartAsync(inner => new FlakyArtifactStore(inner, path => path.EndsWith("/production.json", StringComparison.Ordinal), failures: 2));
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var executions = new ConcurrentQueue<ActivityExecution>();
        var subscription = harness.Engine.Services.GetRequiredService<ActivityExecutionMonitor>().Subscribe(executions.Enqueue);

        // Act
        var record = await harness.RunAsync("churn");
        subscription.Dispose();
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 600));
        await harness.RunAsync("churn");

        // Assert: every execution of the first run, in its instance; each candidate started and completed with its
        // request as input, with a time; the deploy's two failures then its completion; nothing after unsubscribing.
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.All(executions, e => Assert.Equal(record.InstanceId, e.InstanceId));
        var training = executions.Where(e => e.ActivityName == RetrainActivityNames.TrainModel).ToList();
        var requests = training.Select(e => Assert.IsType<TrainRequest>(e.Input)).ToList();
        Assert.All(requests, r => Assert.Equal(record.RunId, r.RunId));
        Assert.Equal(
            training.Count(e => e.State == ActivityExecutionState.Started),
            training.Count(e => e.State == ActivityExecutionState.Completed && e.Elapsed > TimeSpan.Zero));
        Assert.True(training.Count(e => e.State == ActivityExecutionState.Completed) >= record.Candidates!.Count);
        var deploy = executions.Where(e => e.ActivityName == RetrainActivityNames.DeployModel).Select(e => e.State).ToList();
        Assert.Equal(
            [ActivityExecutionState.Started, ActivityExecutionState.Failed, ActivityExecutionState.Started, ActivityExecutionState.Failed, ActivityExecutionState.Started, ActivityExecutionState.Completed],
            deploy);
        Assert.Single(executions, e => e.ActivityName == RetrainActivityNames.RecordRun && e.State == ActivityExecutionState.Completed);
    }
}
