using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Worker.Grpc;
using RetrainFunctions.Core.Orchestration;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.Core.Tests.Orchestration.Replay;

/// <summary>
/// Replays histories recorded on an earlier orchestrator (see <see cref="HistoryRecorderTests"/>) through today's
/// <see cref="RetrainOrchestrator"/>, episode by episode, on <see cref="GrpcOrchestrationRunner"/> — the path the
/// Functions host drives. Every episode must ask for exactly what the recorded one did (each activity's name and
/// input, timers) and the last must complete with the recorded result: a refactor that changes an activity name, an
/// input, a reason string or the order of calls fails here, as it would fail the instances in flight.
/// </summary>
public sealed class HistoryReplayTests
{
    public static TheoryData<string> Recordings() => new(RecordingNames());

    [Fact]
    public void Recordings_AllFiveRunsOfEveryVersion_ArePresent()
    {
        Assert.Equal(
            RetrainOrchestrator.Versions.SelectMany(version => RecordedHistory.Runs.Select(run => $"{RecordedHistory.VersionFolder(version)}/{run}")),
            RecordingNames());
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void Replay_RecordedHistory_EveryEpisodeSchedulesTheRecordedWorkAndCompletesWithTheRecordedResult(string name)
    {
        // Arrange
        var history = RecordedHistory.Load(name);
        var episodes = Episodes(history);
        var instanceId = history.First(e => e.ExecutionStarted is not null).ExecutionStarted.OrchestrationInstance.InstanceId;

        for (var i = 0; i < episodes.Count; i++)
        {
            var (past, inputs, outputs) = episodes[i];

            // Act
            var response = Run(instanceId, past, inputs);

            // Assert
            Assert.Equal(outputs.Count, response.Actions.Count);
            Assert.Equal(outputs.Select(Describe), response.Actions.Select((action, k) => Describe(action, outputs[k])));
        }

        var completed = history.Single(e => e.ExecutionCompleted is not null).ExecutionCompleted;
        Assert.Equal(P.OrchestrationStatus.Completed, completed.OrchestrationStatus);
    }

    private static string[] RecordingNames() =>
        [.. Directory.GetFiles(RecordedHistory.OutputFolder, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RecordedHistory.OutputFolder, path)[..^".json".Length].Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Splits a history at each <c>OrchestratorStarted</c>: the events before it, the episode's new events (what
    /// happened to the orchestration) and the events its actions produced (what the orchestrator asked for).
    /// </summary>
    private static List<(List<P.HistoryEvent> Past, List<P.HistoryEvent> Inputs, List<P.HistoryEvent> Outputs)> Episodes(IReadOnlyList<P.HistoryEvent> history)
    {
        var episodes = new List<(List<P.HistoryEvent>, List<P.HistoryEvent>, List<P.HistoryEvent>)>();
        for (var start = 0; start < history.Count; start++)
        {
            if (history[start].OrchestratorStarted is null)
            {
                continue;
            }

            var end = start + 1;
            while (end < history.Count && history[end].OrchestratorStarted is null)
            {
                end++;
            }

            var episode = history.Skip(start).Take(end - start).ToList();
            episodes.Add(([.. history.Take(start)], [.. episode.Where(e => !IsOutput(e) && e.OrchestratorCompleted is null)], [.. episode.Where(IsOutput)]));
        }

        return episodes;
    }

    private static bool IsOutput(P.HistoryEvent e) => e.TaskScheduled is not null || e.TimerCreated is not null || e.ExecutionCompleted is not null;

    private static string Describe(P.HistoryEvent e) =>
        e.TaskScheduled is { } task ? $"task {e.EventId} {task.Name} {Canonical(task.Input)}"
        : e.TimerCreated is { } timer ? $"timer {e.EventId} {timer.FireAt}"
        : $"complete {e.ExecutionCompleted.OrchestrationStatus} {Canonical(e.ExecutionCompleted.Result)} {e.ExecutionCompleted.FailureDetails}";

    /// <summary>
    /// Describes an action as its recorded counterpart is described, with the JSON properties the recording does not
    /// have left out: a field added to a record since (a new spec setting, a new run-record field) reaches an instance in
    /// flight as its default and does not change what it schedules, while a field renamed, removed or valued
    /// differently still fails.
    /// </summary>
    private static string Describe(P.OrchestratorAction a, P.HistoryEvent recorded) =>
        a.ScheduleTask is { } task ? $"task {a.Id} {task.Name} {Recorded(task.Input, recorded.TaskScheduled?.Input)}"
        : a.CreateTimer is { } timer ? $"timer {a.Id} {timer.FireAt}"
        : a.CompleteOrchestration is { } complete ? $"complete {complete.OrchestrationStatus} {Recorded(complete.Result, recorded.ExecutionCompleted?.Result)} {complete.FailureDetails}"
        : $"unexpected action {a}";

    /// <summary>The recorded JSON written the way <see cref="Recorded"/> writes the replayed one, so both compare as text.</summary>
    private static string? Canonical(string? json) => Recorded(json, json);

    private static string? Recorded(string? json, string? recordedJson)
    {
        if (string.IsNullOrEmpty(json) || string.IsNullOrEmpty(recordedJson))
        {
            return json;
        }

        var node = JsonNode.Parse(json);
        Prune(node, JsonNode.Parse(recordedJson));
        return node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void Prune(JsonNode? node, JsonNode? recorded)
    {
        switch (node, recorded)
        {
            case (JsonObject obj, JsonObject old):
                foreach (var name in obj.Select(p => p.Key).Where(name => !old.ContainsKey(name)).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (name, value) in obj.ToList())
                {
                    Prune(value, old[name]);
                }

                break;
            case (JsonArray array, JsonArray old):
                for (var i = 0; i < Math.Min(array.Count, old.Count); i++)
                {
                    Prune(array[i], old[i]);
                }

                break;
        }
    }

    private static P.OrchestratorResponse Run(string instanceId, IEnumerable<P.HistoryEvent> past, IEnumerable<P.HistoryEvent> inputs)
    {
        var request = new P.OrchestratorRequest { InstanceId = instanceId };
        request.PastEvents.AddRange(past);
        request.NewEvents.AddRange(inputs);
        var encoded = Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(request));
        var response = GrpcOrchestrationRunner.LoadAndRun<RetrainRequest, RunRecord>(encoded, async (context, input) => await RetrainOrchestrator.RunAsync(context, input!));
        return P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(response));
    }
}
