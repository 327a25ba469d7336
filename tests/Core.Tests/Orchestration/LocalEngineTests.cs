using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Hosting;
using RetrainFunctions.LocalEngine;
using Xunit.Abstractions;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>
/// The local engine and <see cref="RunStarter"/> on a real Durable Task engine (gRPC sidecar + in-memory backend).
/// The stage services are not needed: test orchestrations stand in where a whole pipeline would run.
/// </summary>
public sealed class LocalEngineTests(ITestOutputHelper output)
{
    private const string FanOut = nameof(FanOut);
    private const string NoOp = nameof(NoOp);
    private const string Release = nameof(Release);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FanOut_FiftyNoOpActivities_CompletesWithoutDispatcherStall()
    {
        // Arrange: the retrain tasks stay registered next to the test ones.
        await using var engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            MaxConcurrentActivities = 2,
            ConfigureTasks = registry => registry
                .AddOrchestratorFunc<int, int>(FanOut, async (context, count) =>
                    (await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(NoOp, i)))).Sum())
                .AddActivityFunc<int, int>(NoOp, (_, i) => i),
        });
        using var cancellation = new CancellationTokenSource(Timeout);
        var stopwatch = Stopwatch.StartNew();

        // Act
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(FanOut, 50, cancellation.Token);
        var completed = await engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);
        stopwatch.Stop();

        // Assert: with the in-memory backend's own cap (2 here) this took about 25 x 500 ms.
        output.WriteLine($"50 fanned-out no-op activities completed in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 50).Sum(), completed.ReadOutputAs<int>());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Fan-out took {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task FanOut_WithActivityCap_NeverRunsMoreActivitiesAtOnceThanTheCap()
    {
        // Arrange
        var gauge = new ConcurrencyGauge();
        await using var engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            RegisterRetrainTasks = false,
            MaxConcurrentActivities = 2,
            ConfigureTasks = registry => registry
                .AddOrchestratorFunc<int, int>(FanOut, async (context, count) =>
                    (await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(NoOp, i)))).Length)
                .AddActivityFunc<int, int>(NoOp, async (_, i) =>
                {
                    using (gauge.Enter())
                    {
                        await Task.Delay(50);
                    }

                    return i;
                }),
        });
        using var cancellation = new CancellationTokenSource(Timeout);

        // Act
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(FanOut, 12, cancellation.Token);
        var completed = await engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(12, completed.ReadOutputAs<int>());
        Assert.Equal(2, gauge.Maximum);
    }

    [Fact]
    public async Task StartAsync_WhileRunInProgress_CoalescesAndDeliversRequest()
    {
        // Arrange: a long-running stand-in under the model's instance id that, once released, returns the request
        // raised on it (it keeps running after the event, as the real orchestrator does by continuing as new).
        const string waitForRequest = "WaitForRetrainRequest";
        await using var engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            ConfigureTasks = registry => registry.AddOrchestratorFunc<RetrainRequest, RetrainRequest>(waitForRequest, async (context, _) =>
            {
                var raised = await context.WaitForExternalEvent<RetrainRequest>(RetrainEvents.RetrainRequested);
                await context.WaitForExternalEvent<bool>(Release);
                return raised;
            }),
        });
        using var cancellation = new CancellationTokenSource(Timeout);
        var instanceId = RetrainInstanceIds.For("m1");
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            waitForRequest, new RetrainRequest("m1", RunTrigger.Schedule), new StartOrchestrationOptions(instanceId), cancellation.Token);
        await engine.Client.WaitForInstanceStartAsync(instanceId, cancellation.Token);
        var starter = engine.Services.GetRequiredService<RunStarter>();
        var second = new RetrainRequest("m1", RunTrigger.Http, RequestedBy: "second");

        // Act
        var start = await starter.StartAsync(second, cancellation.Token);

        // Assert
        Assert.Equal(RunStartKind.Coalesced, start.Kind);
        Assert.True(start.Coalesced);
        Assert.Equal(instanceId, start.InstanceId);
        await engine.Client.RaiseEventAsync(instanceId, Release, true, cancellation.Token);
        var completed = await engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(waitForRequest, completed.Name);
        Assert.Equal(second, completed.ReadOutputAs<RetrainRequest>());
    }

    [Fact]
    public async Task StartAsync_ConcurrentStartsForOneModel_StartsOneRunAndCoalescesTheRest()
    {
        // Arrange: the retraining orchestrator's name bound to a stand-in that counts requests until released.
        await using var engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            RegisterRetrainTasks = false,
            ConfigureTasks = registry => registry.AddOrchestratorFunc<RetrainRequest, int>(nameof(RetrainOrchestrator), CountRequestsUntilReleasedAsync),
        });
        using var cancellation = new CancellationTokenSource(Timeout);
        var starter = engine.Services.GetRequiredService<RunStarter>();

        // Act
        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => starter.StartAsync(new RetrainRequest("m2", RunTrigger.NewData, RequestedBy: $"file-{i}.csv"), cancellation.Token))));

        // Assert
        Assert.Single(starts, s => s.Kind == RunStartKind.Started);
        Assert.Equal(3, starts.Count(s => s.Kind == RunStartKind.Coalesced));
        Assert.All(starts, s => Assert.Equal(RetrainInstanceIds.For("m2"), s.InstanceId));
        await engine.Client.RaiseEventAsync(RetrainInstanceIds.For("m2"), Release, true, cancellation.Token);
        var completed = await engine.Client.WaitForInstanceCompletionAsync(RetrainInstanceIds.For("m2"), getInputsAndOutputs: true, cancellation.Token);
        Assert.Equal(3, completed.ReadOutputAs<int>());
    }

    [Fact]
    public async Task WaitForRunAsync_AfterCoalescedRequest_ReturnsRecordOfTheContinuedRun()
    {
        // Arrange: a stand-in with the real orchestrator's contract: a request raised during a run makes it continue as new.
        await using var engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            RegisterRetrainTasks = false,
            ConfigureTasks = registry => registry.AddOrchestratorFunc<RetrainRequest, RunRecord>(nameof(RetrainOrchestrator), RunUntilReleasedAsync),
        });
        using var cancellation = new CancellationTokenSource(Timeout);
        var starter = engine.Services.GetRequiredService<RunStarter>();
        var first = await starter.StartAsync(new RetrainRequest("m3", RunTrigger.Schedule, RequestedBy: "timer"), cancellation.Token);
        var second = await starter.StartAsync(new RetrainRequest("m3", RunTrigger.Http, RequestedBy: "alice"), cancellation.Token);

        // Act
        await engine.Client.RaiseEventAsync(first.InstanceId, Release, true, cancellation.Token);
        var record = await starter.WaitForRunAsync(first.InstanceId, Timeout, cancellation.Token);

        // Assert
        Assert.Equal(RunStartKind.Started, first.Kind);
        Assert.Equal(RunStartKind.Coalesced, second.Kind);
        Assert.Equal(RunTrigger.Coalesced, record.Trigger);
        Assert.Equal("alice", record.RequestedBy);
        Assert.Equal(first.InstanceId, record.InstanceId);
    }

    [Fact]
    public async Task StartAsync_NoRunInProgress_SchedulesTheRetrainOrchestrator()
    {
        // Arrange: the real registration. Its activities' services are not registered, so the run is terminated.
        await using var engine = await LocalDurableEngine.StartAsync();
        using var cancellation = new CancellationTokenSource(Timeout);
        var starter = engine.Services.GetRequiredService<RunStarter>();
        var request = new RetrainRequest("m4", RunTrigger.CommandLine, Force: true, RequestedBy: "test");

        // Act
        var start = await starter.StartAsync(request, cancellation.Token);

        // Assert
        Assert.Equal(RunStartKind.Started, start.Kind);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, start.Status);
        var started = await engine.Client.WaitForInstanceStartAsync(start.InstanceId, getInputsAndOutputs: true, cancellation.Token);
        Assert.Equal(nameof(RetrainOrchestrator), started.Name);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", start.RunId);
        Assert.Equal(request with { RunId = start.RunId }, started.ReadInputAs<RetrainRequest>());
        await engine.Client.TerminateInstanceAsync(start.InstanceId, cancellation: cancellation.Token);
        await engine.Client.WaitForInstanceCompletionAsync(start.InstanceId, cancellation.Token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("../escape")]
    public async Task StartAsync_InvalidModelName_ThrowsArgumentExceptionAndStartsNothing(string model)
    {
        // Arrange
        await using var engine = await LocalDurableEngine.StartAsync();
        var starter = engine.Services.GetRequiredService<RunStarter>();

        // Act
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => starter.StartAsync(new RetrainRequest(model, RunTrigger.Http)));

        // Assert
        Assert.Contains("Invalid model name", exception.Message, StringComparison.Ordinal);
        await foreach (var instance in engine.Client.GetAllInstancesAsync())
        {
            Assert.Fail($"Unexpected instance {instance.InstanceId}.");
        }
    }

    private static async Task<int> CountRequestsUntilReleasedAsync(TaskOrchestrationContext context, RetrainRequest? request)
    {
        var released = context.WaitForExternalEvent<bool>(Release);
        var count = 0;
        while (true)
        {
            var next = context.WaitForExternalEvent<RetrainRequest>(RetrainEvents.RetrainRequested);
            if (await Task.WhenAny(released, next) == released)
            {
                return count;
            }

            count++;
        }
    }

    private static async Task<RunRecord> RunUntilReleasedAsync(TaskOrchestrationContext context, RetrainRequest? request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var later = context.WaitForExternalEvent<RetrainRequest>(RetrainEvents.RetrainRequested);
        if (request.Trigger != RunTrigger.Coalesced)
        {
            await context.WaitForExternalEvent<bool>(Release);
        }

        var record = new RunRecord
        {
            Model = request.Model,
            RunId = RetrainInstanceIds.NewRunId(context.CurrentUtcDateTime, context.NewGuid()),
            InstanceId = context.InstanceId,
            Trigger = request.Trigger,
            RequestedBy = request.RequestedBy,
            StartedAt = context.CurrentUtcDateTime,
            Outcome = RunOutcome.Skipped,
        };
        if (later.IsCompleted)
        {
            context.ContinueAsNew(later.Result with { Trigger = RunTrigger.Coalesced }, preserveUnprocessedEvents: false);
        }

        return record;
    }

    private sealed class ConcurrencyGauge
    {
        private int _current;
        private int _maximum;

        public int Maximum => Volatile.Read(ref _maximum);

        public IDisposable Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _maximum)) && Interlocked.CompareExchange(ref _maximum, now, seen) != seen)
            {
            }

            return new Exit(this);
        }

        private sealed class Exit(ConcurrencyGauge gauge) : IDisposable
        {
            public void Dispose() => Interlocked.Decrement(ref gauge._current);
        }
    }
}
