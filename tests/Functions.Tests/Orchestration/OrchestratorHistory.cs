using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask.Converters;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.Functions.Tests.Orchestration;

/// <summary>Builds the history events and the base64 <c>OrchestratorRequest</c> the Functions host hands the worker.</summary>
internal static class OrchestratorHistory
{
    public static JsonDataConverter Converter { get; } = JsonDataConverter.Default;

    public static P.HistoryEvent OrchestratorStarted(DateTime at) =>
        new() { EventId = -1, Timestamp = Timestamp.FromDateTime(at), OrchestratorStarted = new P.OrchestratorStartedEvent() };

    public static P.HistoryEvent ExecutionStarted(string instanceId, string name, object input, DateTime at) => new()
    {
        EventId = -1,
        Timestamp = Timestamp.FromDateTime(at),
        ExecutionStarted = new P.ExecutionStartedEvent
        {
            Name = name,
            Input = Converter.Serialize(input),
            OrchestrationInstance = new P.OrchestrationInstance { InstanceId = instanceId, ExecutionId = "execution-1" },
        },
    };

    public static P.HistoryEvent TaskScheduled(int taskId, string name, string? input, DateTime at) => new()
    {
        EventId = taskId,
        Timestamp = Timestamp.FromDateTime(at),
        TaskScheduled = new P.TaskScheduledEvent { Name = name, Input = input },
    };

    public static P.HistoryEvent TaskCompleted(int taskId, object? result, DateTime at) => new()
    {
        EventId = -1,
        Timestamp = Timestamp.FromDateTime(at),
        TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = taskId, Result = Converter.Serialize(result) },
    };

    public static P.HistoryEvent EventRaised(string name, object input, DateTime at) => new()
    {
        EventId = -1,
        Timestamp = Timestamp.FromDateTime(at),
        EventRaised = new P.EventRaisedEvent { Name = name, Input = Converter.Serialize(input) },
    };

    /// <summary>Reads a scheduled activity's input: the gRPC runner sends activity inputs as a one-element JSON array.</summary>
    public static T ActivityInput<T>(string json)
    {
        var inputs = Converter.Deserialize<T[]>(json);
        return inputs is [var input] ? input : throw new InvalidOperationException($"Expected one activity input, got: {json}");
    }

    public static string Encode(string instanceId, IEnumerable<P.HistoryEvent> pastEvents, IEnumerable<P.HistoryEvent> newEvents)
    {
        var request = new P.OrchestratorRequest { InstanceId = instanceId };
        request.PastEvents.AddRange(pastEvents);
        request.NewEvents.AddRange(newEvents);
        return Convert.ToBase64String(request.ToByteArray());
    }

    public static P.OrchestratorResponse Decode(string encodedResponse) =>
        P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(encodedResponse));
}
