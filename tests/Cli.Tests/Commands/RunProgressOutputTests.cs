using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary>Issue #16, deliverable 4: what <c>retrain run</c> prints while it works when the output is not a terminal.</summary>
public sealed partial class RunProgressOutputTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Run_Redirected_PlainLinePerStageWithSecondsAndPerCandidateWithoutEscapeCodes()
    {
        // Arrange: a small dataset and a spec naming two trainers.
        var store = _folder.File("store");
        var data = _folder.File("week-00.csv");
        await using (var file = File.Create(data))
        {
            new CreditStreamGenerator().WriteWeek(0, 1_200, file);
        }

        Assert.Equal(0, (await CommandLineRunner.RunAsync("init", "credit", "--data", data, "--label", "defaulted", "--positive-class", "yes", "--store", store)).ExitCode);
        var specPath = Path.Combine(store, "specs", "credit.json");
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(specPath))!;
        spec["trainers"] = new JsonArray("LbfgsLogisticRegression", "FastTree");
        await File.WriteAllTextAsync(specPath, spec.ToJsonString());
        Assert.Equal(0, (await CommandLineRunner.RunAsync("ingest", "credit", data, "--store", store)).ExitCode);

        // Act
        var run = await CommandLineRunner.RunAsync("run", "credit", "--store", store);

        // Assert: every stage of the run record (the summary table) has one progress line with its seconds (the
        // orchestration's status may also have named a stage that recorded no time); one line per candidate; no escape codes.
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var summaryStart = run.Output.IndexOf("Run ", StringComparison.Ordinal);
        var progress = run.Output[..summaryStart];
        var stages = StageLine().Matches(progress).Select(m => m.Groups["stage"].Value).ToList();
        var recorded = SummaryRow().Matches(run.Output[summaryStart..]).Select(m => m.Groups["stage"].Value).ToList();
        Assert.Equal(stages.Distinct(), stages);
        Assert.Subset(stages.ToHashSet(), recorded.ToHashSet());
        Assert.Contains("Deploy", recorded);
        Assert.Contains("Train", stages);
        // A stage the polls saw also had a line when it began, before its line with the seconds.
        var seen = StageLine().Matches(progress).Where(m => !m.Value.Contains("between two polls", StringComparison.Ordinal)).Select(m => m.Groups["stage"].Value);
        Assert.All(seen, stage => Assert.Matches($@"(?m)^  \[[^\]]+\] {stage}\b", progress.Split(stage + "  ")[0]));
        Assert.Matches(CandidateLine("LbfgsLogisticRegression"), progress);
        Assert.Matches(CandidateLine("FastTree"), progress);
        var trainRow = SummaryRow().Matches(run.Output[summaryStart..]).Single(m => m.Groups["stage"].Value == "Train").Value;
        var fastTreeCandidates = run.Output[summaryStart..].Split('\n').Single(l => l.StartsWith(trainRow, StringComparison.Ordinal)).Split("FastTree ").Length - 1;
        Assert.Equal(fastTreeCandidates, progress.Split('\n').Count(l => l.StartsWith("    candidate FastTree, ", StringComparison.Ordinal) && !l.Contains("challenger", StringComparison.Ordinal)));
        Assert.DoesNotContain('\u001b', run.Output);
    }

    public void Dispose() => _folder.Dispose();

    private static Regex CandidateLine(string trainer) =>
        new($@"(?m)^    candidate {trainer}, all rows: done in \d+\.\d s$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"(?m)^  (?<stage>[A-Z][a-z]+) +\d+\.\d s.*$", RegexOptions.CultureInvariant)]
    private static partial Regex StageLine();

    [GeneratedRegex(@"(?m)^  (?<stage>[A-Z][a-z]+) +\d+\.\d\d ", RegexOptions.CultureInvariant)]
    private static partial Regex SummaryRow();
}
