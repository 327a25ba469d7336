using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Reliability.Tests.Infrastructure;
using RetrainFunctions.Tests.Shared;
using Xunit.Abstractions;

namespace RetrainFunctions.Reliability.Tests.ScaleOut;

/// <summary>
/// Scale-out on the engine we already have: a <c>retrain worker</c> process and the <c>retrain run</c> process on one
/// Azure Storage task hub in Azurite share one run's candidate fan-out (the hub's work-item queue hands each activity to
/// whichever process polls first), and the run completes when the worker is killed with an activity in its hands.
/// Every activity execution logs its process id (<c>Logging__LogLevel__RetrainFunctions.LocalEngine=Information</c>).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class TwoWorkerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Model = "churn";

    /// <summary>Each activity pauses this long before and after its work, so that both processes poll while the fan-out is queued.</summary>
    private static readonly TimeSpan ActivityDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long the worker may sit idle after its first candidate before it is killed anyway.</summary>
    private static readonly TimeSpan IdleKillAfter = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, string> ActivityLogs = new(StringComparer.Ordinal) { ["Logging__LogLevel__RetrainFunctions.LocalEngine"] = "Information" };

    [Fact]
    public async Task Run_WorkerAndRunOnOneTaskHub_ShareTheFanOutAndCompleteAfterTheWorkerIsKilled()
    {
        // Arrange: three trainers × two windows = six candidates, two at a time per process; a worker waiting on the hub.
        var container = await azurite.CreateUniqueContainerAsync();
        var store = new AzureBlobArtifactStore(azurite.CreateBlobServiceClient(), container);
        await new ModelSpecStore(store).SaveAsync(Datasets.Spec(Model) with { Window = new WindowSpec { CandidateFractions = [0.5] } });
        await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File("week-0.csv"), Datasets.Batch(0, 2000), ArtifactWriteCondition.None);
        await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File("week-1.csv"), Datasets.Batch(1, 2000), ArtifactWriteCondition.None);
        string[] shared =
        [
            "--connection", azurite.ConnectionString, "--container", container,
            "--durable-connection", azurite.ConnectionString, "--task-hub", AzuriteTaskHubs.NewName("scale"),
            "--diagnostic-activity-delay", ActivityDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        var clock = Stopwatch.StartNew();
        using var worker = CliProcess.Start(["worker", .. shared]);
        await worker.WaitForLineAsync("waiting for work", TimeSpan.FromMinutes(1));

        // Act: start the run; once the worker has trained a candidate and holds an activity again, kill it (SIGKILL).
        using var run = CliProcess.Start(ActivityLogs, ["run", Model, .. shared]);
        var killedHolding = await KillWhenHoldingAfterTrainingAsync(worker, TimeSpan.FromMinutes(2));
        Assert.False(run.HasExited, $"the run ended before the worker was killed:\n{run.Output}");
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s; worker killed holding {killedHolding}\n--- worker {worker.Id} ---\n{worker.Output}\n--- run {run.Id} ---\n{run.Output}");

        // Assert: one run, deployed, every candidate trained; both processes executed activities of its one instance,
        // the candidate fan-out among them, and what the worker held when killed was run again by the other process.
        Assert.Equal(0, exitCode);
        var runIds = (await StoreInvariants.ListAsync(store, ModelArtifacts.For(Model).Runs.Prefix)).Where(p => p.EndsWith("/record.json", StringComparison.Ordinal)).ToList();
        var recordPath = Assert.Single(runIds);
        var record = await store.ReadJsonAsync<RunRecord>(recordPath);
        Assert.True(record.Outcome == RunOutcome.Deployed, $"{record.Outcome}: {record.Reason}");
        Assert.Equal(6, record.Candidates?.Count);
        Assert.True(record.FailedCandidates is null or { Count: 0 }, "no candidate failed");

        var executions = Executions(worker.Output).Concat(Executions(run.Output)).ToList();
        var instance = Assert.Single(executions.Select(e => e.InstanceId).Distinct());
        Assert.Equal(RetrainInstanceIds.For(Model), instance);
        var trainedBy = executions.Where(e => e is { Activity: RetrainActivityNames.TrainModel, Completed: true }).GroupBy(e => e.ProcessId).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(trainedBy.GetValueOrDefault(worker.Id) >= 1, $"the worker trained no candidate: {string.Join(", ", trainedBy)}");
        Assert.True(trainedBy.GetValueOrDefault(run.Id) >= 1, $"the run process trained no candidate: {string.Join(", ", trainedBy)}");
        Assert.Equal(new[] { worker.Id, run.Id }.Order(), trainedBy.Keys.Order());
        Assert.True(trainedBy.Values.Sum() >= 6, "every candidate completed somewhere");
    }

    /// <summary>
    /// Waits until the worker has completed a training activity, then kills it as soon as it holds an activity (started,
    /// not completed) — or, should the other process take all the rest, after <see cref="IdleKillAfter"/> idle; returns
    /// what it held.
    /// </summary>
    private static async Task<string> KillWhenHoldingAfterTrainingAsync(CliProcess worker, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        Stopwatch? sinceTrained = null;
        while (deadline.Elapsed < timeout)
        {
            var executions = Executions(worker.Output).ToList();
            var held = executions.Where(e => !e.Completed).GroupBy(e => e.Activity)
                .Select(g => (Activity: g.Key, Count: g.Count() - executions.Count(e => e.Completed && e.Activity == g.Key)))
                .Where(h => h.Count > 0)
                .ToList();
            if (executions.Any(e => e is { Activity: RetrainActivityNames.TrainModel, Completed: true }))
            {
                sinceTrained ??= Stopwatch.StartNew();
                if (held.Count > 0 || sinceTrained.Elapsed > IdleKillAfter)
                {
                    worker.KillHard();
                    return held.Count > 0 ? string.Join(", ", held.Select(h => $"{h.Count} × {h.Activity}")) : "nothing (idle)";
                }
            }

            Assert.False(worker.HasExited, $"the worker exited:\n{worker.Output}");
            await Task.Delay(100);
        }

        throw new TimeoutException($"the worker trained no candidate within {timeout}:\n{worker.Output}");
    }

    private static IEnumerable<Execution> Executions(string log) =>
        ExecutionLine().Matches(log).Select(m => new Execution(m.Groups["activity"].Value, m.Groups["instance"].Value, int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), m.Groups["state"].Value == "completed"));

    [GeneratedRegex(@"Activity (?<activity>\w+) of instance (?<instance>\S+) (?<state>started|completed) in process (?<pid>\d+)")]
    private static partial Regex ExecutionLine();

    private sealed record Execution(string Activity, string InstanceId, int ProcessId, bool Completed);
}
