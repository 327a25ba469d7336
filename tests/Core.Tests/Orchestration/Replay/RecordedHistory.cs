using System.Runtime.CompilerServices;
using Google.Protobuf;
using RetrainFunctions.Core.Orchestration;
using P = Microsoft.DurableTask.Protobuf;

namespace RetrainFunctions.Core.Tests.Orchestration.Replay;

/// <summary>
/// An orchestration's history events as the Durable Task gRPC protocol carries them, stored as protobuf JSON in
/// <c>Histories/v{version}/{name}.json</c> next to this file (and copied to the test output), one folder per orchestrator
/// version the runs were recorded on: a new version's recordings go beside the older ones, which keep replaying.
/// </summary>
internal static class RecordedHistory
{
    /// <summary>The five runs recorded on each version.</summary>
    public static IReadOnlyList<string> Runs { get; } = ["data-invalid", "deployed-after-approval", "no-new-data", "policy-skipped", "probation-then-below-threshold"];

    /// <summary>Gets the folder of the current version's recordings in the source tree (where a rewrite goes).</summary>
    public static string SourceFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Histories", VersionFolder(RetrainOrchestrator.CurrentVersion));

    /// <summary>Gets the folder of every version's recordings in the test output; names below it are <c>v{version}/{run}</c>.</summary>
    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "Orchestration", "Replay", "Histories");

    public static string VersionFolder(string version) => "v" + version;

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
