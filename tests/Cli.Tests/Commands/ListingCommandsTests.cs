using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary>The listing commands on a store with one deployed run and one quarantined file.</summary>
public sealed class ListingCommandsTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Listings_AfterADeployedRunWithAQuarantinedFile_ShowRunsVersionsHistoryAndQuarantine()
    {
        // Arrange: one good week and one whose labels are all missing (quarantined).
        var store = _folder.File("store");
        var data = _folder.File("week-00.csv");
        await using (var file = File.Create(data))
        {
            new CreditStreamGenerator().WriteWeek(0, 1_200, file);
        }

        var lines = await File.ReadAllLinesAsync(data);
        var label = Array.IndexOf(lines[0].Split(','), "defaulted");
        var unlabeled = _folder.File("unlabeled.csv");
        await File.WriteAllLinesAsync(unlabeled, lines.Take(200).Select((l, i) => i == 0 ? l : string.Join(',', l.Split(',').Select((v, c) => c == label ? string.Empty : v))));
        Assert.Equal(0, (await CommandLineRunner.RunAsync("init", "credit", "--data", data, "--label", "defaulted", "--positive-class", "yes", "--store", store)).ExitCode);
        Assert.Equal(0, (await CommandLineRunner.RunAsync("ingest", "credit", data, "--store", store)).ExitCode);
        Assert.Equal(0, (await CommandLineRunner.RunAsync("ingest", "credit", unlabeled, "--store", store)).ExitCode);
        var run = await CommandLineRunner.RunAsync("run", "credit", "--store", store);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var runId = run.Output.Split("Run ", 2)[1].Split(' ')[0];

        // Act
        var runs = await CommandLineRunner.RunAsync("runs", "credit", "--store", store);
        var versions = await CommandLineRunner.RunAsync("versions", "credit", "--store", store);
        var history = await CommandLineRunner.RunAsync("history", "credit", "--store", store);
        var show = await CommandLineRunner.RunAsync("show", "credit", runId, "--store", store);
        var quarantine = await CommandLineRunner.RunAsync("quarantine", "list", "credit", "--store", store);
        var batch = quarantine.Output.Split('\n').First(l => l.Contains("unlabeled.csv", StringComparison.Ordinal)).Trim().Split(' ')[0];
        var release = await CommandLineRunner.RunAsync("quarantine", "release", "credit", batch, "--store", store);
        var afterRelease = await CommandLineRunner.RunAsync("quarantine", "list", "credit", "--store", store);

        // Assert
        Assert.Contains(": Deployed (exit code 0)", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 quarantined", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Output + runs.Output + versions.Output, StringComparison.Ordinal);
        Assert.Contains(runId, runs.Output, StringComparison.Ordinal);
        Assert.Contains("Deployed", runs.Output, StringComparison.Ordinal);
        Assert.Contains(runId, versions.Output, StringComparison.Ordinal);
        Assert.Contains("production", versions.Output, StringComparison.Ordinal);
        Assert.Contains("LogLoss", versions.Output, StringComparison.Ordinal);
        Assert.Contains("Deploy", history.Output, StringComparison.Ordinal);
        Assert.Contains(runId, history.Output, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.Error);
        Assert.Contains($"Run {runId} of credit: Deployed", show.Output, StringComparison.Ordinal);
        Assert.True(release.ExitCode == 0, release.Error);
        Assert.Contains("to incoming/credit/unlabeled.csv", release.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(store, "incoming", "credit", "unlabeled.csv")));
        Assert.Contains("No quarantined batches yet.", afterRelease.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
