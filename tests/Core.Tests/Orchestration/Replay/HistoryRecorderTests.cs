using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.LocalEngine;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Hosting;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.Core.Tests.Orchestration.Replay;

/// <summary>
/// Records the histories that <see cref="HistoryReplayTests"/> replays: real runs of the real pipeline on the
/// in-process Durable Task engine, one file per run. By default it records into a scratch folder and checks that
/// today's orchestrator, run for real, still schedules the activities of the committed recordings in the same order
/// (so the recordings cannot silently stop describing what the pipeline does). To rewrite the committed recordings, on
/// the orchestrator code whose behaviour they should pin (the current version's folder; older versions' stay): <c>RETRAIN_RECORD_HISTORIES=1 dotnet test tests/Core.Tests --filter HistoryRecorderTests</c>.
/// </summary>
public sealed class HistoryRecorderTests
{
    [Fact]
    public async Task Record_FiveRunsCoveringEveryStage_ScheduleTheCommittedRecordingsActivities()
    {
        var rewrite = Environment.GetEnvironmentVariable("RETRAIN_RECORD_HISTORIES") == "1";
        var folder = rewrite ? RecordedHistory.SourceFolder() : Path.Combine(Path.GetTempPath(), "retrain-recordings", Guid.NewGuid().ToString("N"));
        try
        {
            await RecordAsync(folder);
            var committed = RecordedHistory.VersionFolder(RetrainOrchestrator.CurrentVersion);
            foreach (var name in RecordedHistory.Runs)
            {
                if (rewrite && !File.Exists(Path.Combine(RecordedHistory.OutputFolder, committed, name + ".json")))
                {
                    continue; // the first recordings of a new version: nothing committed to compare with yet
                }

                Assert.Equal(Activities(RecordedHistory.Load($"{committed}/{name}")), Activities(RecordedHistory.Load(folder, name)));
            }
        }
        finally
        {
            if (!rewrite && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static IEnumerable<string> Activities(IReadOnlyList<P.HistoryEvent> history) =>
        history.Select(e => e.TaskScheduled?.Name ?? (e.TimerCreated is not null ? "timer" : e.ExecutionCompleted is { } done ? $"completed {done.OrchestrationStatus}" : null)).OfType<string>();

    private static async Task RecordAsync(string folder)
    {
        await using var harness = await PipelineHarness.StartAsync();
        var sidecar = harness.Engine;
        var spec = PipelineHarness.Spec() with
        {
            Approval = new ApprovalSpec { Required = true, TimeoutHours = 1 },
            Policy = new PolicySpec { MinNewLabels = 1 },
        };
        await harness.SaveSpecAsync(spec);

        // 1. Policy, approval (a stale decision, then an approval), refit, deploy.
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        await RunDecidingAsync(harness, approve: true);
        await SaveAsync(sidecar, folder, "deployed-after-approval");

        // 2. Probation of the first version, then the gate (below its threshold when recorded; a promotion would be denied).
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 300, drifted: true));
        await RunDecidingAsync(harness, approve: false);
        await SaveAsync(sidecar, folder, "probation-then-below-threshold");

        // 3. A batch without its label column: quarantined.
        await harness.UploadAsync("churn", "week-2.csv", PipelineHarness.Batch(2, 100).Replace(",label,", ",outcome,", StringComparison.Ordinal));
        await harness.RunAsync("churn");
        await SaveAsync(sidecar, folder, "data-invalid");

        // 4. Nothing new.
        await harness.RunAsync("churn");
        await SaveAsync(sidecar, folder, "no-new-data");

        // 5. The policy says not yet.
        await harness.SaveSpecAsync(spec with { Policy = new PolicySpec { MinNewLabels = 100_000 } });
        await harness.UploadAsync("churn", "week-3.csv", PipelineHarness.Batch(3, 100));
        await harness.RunAsync("churn");
        await SaveAsync(sidecar, folder, "policy-skipped");
    }

    private static async Task RunDecidingAsync(PipelineHarness harness, bool approve)
    {
        var start = await harness.Starter.StartAsync(new RetrainRequest("churn", RunTrigger.CommandLine, RequestedBy: "recorder"));
        for (var attempt = 0; attempt < 1_200; attempt++)
        {
            var instance = await harness.Engine.Client.GetInstanceAsync(start.InstanceId, getInputsAndOutputs: true);
            if (instance is { IsCompleted: true })
            {
                return;
            }

            if (instance?.ReadCustomStatusAs<RunProgress>() is { Stage: PipelineStage.Approve, CandidateVersion: { } candidate, EvaluationDigest: { } digest })
            {
                var submitter = new ApprovalSubmitter(harness.Engine.Client);
                await submitter.SubmitAsync(new ApprovalDecision("churn", candidate, new string('0', 64), true, "mallory", "an old report"));
                await submitter.SubmitAsync(new ApprovalDecision("churn", candidate, digest, approve, approve ? "alice" : "bob", approve ? "reviewed" : "slice looks odd"));
                await harness.Starter.WaitForRunAsync(start.InstanceId, TimeSpan.FromMinutes(3));
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The run neither completed nor waited for approval.");
    }

    private static Task SaveAsync(LocalDurableEngine engine, string folder, string name)
    {
        var events = History(engine, RetrainInstanceIds.For("churn")).Select(ProtobufUtils.ToHistoryEventProto).ToList();
        Assert.Contains(events, e => e.ExecutionCompleted is not null);
        RecordedHistory.Save(folder, name, events);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The instance's history as the in-memory backend holds it. That backend does not serve histories (its
    /// <c>GetOrchestrationHistoryAsync</c> throws), so this reads its private store: if a new package version moves
    /// it, this throws and the recordings already committed stay valid.
    /// </summary>
    private static IEnumerable<DurableTask.Core.History.HistoryEvent> History(LocalDurableEngine engine, string instanceId)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var sidecar = (WebApplication)typeof(LocalDurableEngine).GetField("_sidecar", Private)!.GetValue(engine)!;
        var service = sidecar.Services.GetRequiredService<InMemoryOrchestrationService>();
        var instances = typeof(InMemoryOrchestrationService).GetField("instanceStore", Private)!.GetValue(service)!;
        var store = (IDictionary)instances.GetType().GetField("store", Private)!.GetValue(instances)!;
        var state = store[instanceId]!;
        var history = (JsonArray)state.GetType().GetProperty("HistoryEventsJson")!.GetValue(state)!;
        return history.Select(node => node!.GetValue<DurableTask.Core.History.HistoryEvent>());
    }
}
