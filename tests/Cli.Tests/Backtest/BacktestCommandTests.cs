using System.Text.Json;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Cli.Tests.Backtest;

public sealed class BacktestCommandTests : IDisposable
{
    private const int Weeks = 9;
    private const int RowsPerWeek = 300;
    private const int EvalFrom = 3;
    private readonly TemporaryFolder _folder = new();

    public BacktestCommandTests() => WriteStream(_folder.File("credit.csv"));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Backtest_PeriodicAndOnce_RetrainOnScheduleAndNeverAfterTheFirstModel()
    {
        var report = await RunAsync("latency1", 1, ["periodic:2", "once"]);

        var periodic = Policy(report, "periodic-2");
        var once = Policy(report, "once");
        Assert.Equal([EvalFrom - 1, EvalFrom + 1, EvalFrom + 3, EvalFrom + 5], RetrainBatches(periodic));
        Assert.Equal([EvalFrom - 1], RetrainBatches(once));
        Assert.Equal(1, once.GetProperty("retrains").GetInt32());
        Assert.Single(once.GetProperty("batches").EnumerateArray().Where(b => b.TryGetProperty("version", out _)).Select(b => b.GetProperty("version").GetString()).Distinct());
        Assert.Equal((Weeks - EvalFrom) * RowsPerWeek, report.GetProperty("scoredRows").GetInt32());
        Assert.InRange(once.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 0.5, 1.0);
        Assert.True(report.GetProperty("baselines").TryGetProperty("trained once", out _));
        Assert.True(File.Exists(_folder.File("latency1/timeline.svg")));
        Assert.Contains("<svg", await File.ReadAllTextAsync(_folder.File("latency1/quality-cost.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_LabelLatencyTwo_NoBatchIsScoredByAModelThatSawItsLabels()
    {
        var report = await RunAsync("latency2", 2, ["periodic:1"]);

        var batches = Policy(report, "periodic-1").GetProperty("batches").EnumerateArray().Where(b => b.GetProperty("rows").GetInt32() > 0).ToList();
        Assert.Equal(Weeks - EvalFrom, batches.Count);
        Assert.All(batches, b => Assert.InRange(b.GetProperty("labelsThrough").GetInt32(), 0, b.GetProperty("batch").GetInt32() - 2));

        // Each week a model retrained on the newest revealed labels predicts: with latency 2 that is the week two back.
        Assert.Contains(batches, b => b.GetProperty("labelsThrough").GetInt32() == b.GetProperty("batch").GetInt32() - 2);
    }

    [Fact]
    public async Task Backtest_NonInferiorityWithWideMargin_DeploysEveryRetrainAndSaysSo()
    {
        var report = await RunAsync("always", 1, ["periodic:1"], ["--gate-mode", "NonInferiority", "--non-inferiority-margin", "1", "--slice-regression", "Off", "--no-guardrails"]);

        var periodic = Policy(report, "periodic-1");
        Assert.Equal(Weeks - EvalFrom + 1, periodic.GetProperty("retrains").GetInt32());
        Assert.Equal(periodic.GetProperty("retrains").GetInt32(), periodic.GetProperty("deployments").GetInt32());
    }

    [Fact]
    public async Task Backtest_WithoutSpecOrOverrides_ReplaysTheSpecInitWritesForTheHistory()
    {
        // Arrange: init on the history batches (the first EvalFrom weeks), as a user would before going live.
        var history = _folder.File("history.csv");
        await File.WriteAllLinesAsync(history, (await File.ReadAllLinesAsync(_folder.File("credit.csv"))).Take(1 + (EvalFrom * RowsPerWeek)));
        var (initExit, _, initError) = await CommandLineRunner.RunAsync(
            "init", "backtest", "--data", history, "--label", "defaulted", "--positive-class", "yes", "--timestamp", "applied_at", "--store", _folder.File("init-store"));
        Assert.True(initExit == 0, initError);

        // Act
        var (exitCode, stdout, error) = await CommandLineRunner.RunAsync(
            [
                "backtest", "--data", _folder.File("credit.csv"), "--label", "defaulted", "--positive-class", "yes", "--timestamp", "applied_at",
                "--batch-rows", $"{RowsPerWeek}", "--eval-from", $"{EvalFrom}", "--output", _folder.File("as-init"), "--policies", "once",
            ]);

        // Assert: the stored spec is init's but for the policy under test.
        Assert.True(exitCode == 0, stdout + error);
        var initSpec = ModelSpecStore.Parse(await File.ReadAllBytesAsync(_folder.File("init-store/specs/backtest.json")), "init");
        var replayed = ModelSpecStore.Parse(await File.ReadAllBytesAsync(_folder.File("as-init/stores/once/specs/backtest.json")), "backtest");
        Assert.Equal(
            JsonSerializer.Serialize(initSpec with { Policy = replayed.Policy }, RetrainJson.Options),
            JsonSerializer.Serialize(replayed, RetrainJson.Options));
    }

    [Fact]
    public async Task Backtest_MarginWithoutNonInferiority_RefusedNamingTheField()
    {
        var (exitCode, _, error) = await CommandLineRunner.RunAsync(
            [
                "backtest", "--data", _folder.File("credit.csv"), "--label", "defaulted", "--positive-class", "yes", "--batch-rows", $"{RowsPerWeek}",
                "--gate-mode", "Superiority", "--non-inferiority-margin", "0.1", "--output", _folder.File("refused"),
            ]);

        Assert.Equal(2, exitCode);
        Assert.Contains("gate.nonInferiorityMargin", error, StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunAsync(string output, int latency, string[] policies, string[]? extra = null)
    {
        var (exitCode, stdout, error) = await CommandLineRunner.RunAsync(
            [
                "backtest", "--data", _folder.File("credit.csv"), "--label", "defaulted", "--positive-class", "yes", "--timestamp", "applied_at",
                "--batch-rows", $"{RowsPerWeek}", "--eval-from", $"{EvalFrom}", "--label-latency", $"{latency}", "--trainers", "LbfgsLogisticRegression",
                "--window-rows", "900", "--output", _folder.File(output), "--policies", .. policies, .. extra ?? [],
            ]);
        Assert.True(exitCode == 0, stdout + error);
        Assert.Contains("kappaTemporal", stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(_folder.File($"{output}/backtest.json")));
        return document.RootElement.Clone();
    }

    private static JsonElement Policy(JsonElement report, string name) =>
        report.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private static List<int> RetrainBatches(JsonElement policy) =>
        [.. policy.GetProperty("batches").EnumerateArray().Where(b => b.TryGetProperty("outcome", out _)).Select(b => b.GetProperty("batch").GetInt32())];

    private static void WriteStream(string path)
    {
        using var file = File.Create(path);
        new CreditStreamGenerator(seed: 3).WriteWeeks(Weeks, RowsPerWeek, file);
    }
}
