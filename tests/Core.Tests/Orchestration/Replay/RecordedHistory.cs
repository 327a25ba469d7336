using System.Runtime.CompilerServices;
using Google.Protobuf;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.Core.Tests.Orchestration.Replay;

/// <summary>
/// An orchestration's history events as the Durable Task gRPC protocol carries them, stored as protobuf JSON in
/// <c>Histories/{name}.json</c> next to this file (and copied to the test output).
/// </summary>
internal static class RecordedHistory
{
    public static string SourceFolder([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Histories");

    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "Orchestration", "Replay", "Histories");

    public static void Save(string folder, string name, IEnumerable<P.HistoryEvent> events)
    {
        var chunk = new P.HistoryChunk();
        chunk.Events.AddRange(events);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".json"), new JsonFormatter(JsonFormatter.Settings.Default.WithIndentation()).Format(chunk) + "\n");
    }

    public static IReadOnlyList<P.HistoryEvent> Load(string name) => Load(OutputFolder, name);

    public static IReadOnlyList<P.HistoryEvent> Load(string folder, string name) =>
        JsonParser.Default.Parse<P.HistoryChunk>(File.ReadAllText(Path.Combine(folder, name + ".json"))).Events;
}
