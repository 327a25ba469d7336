using RetrainFunctions.Core.Specs;
using RetrainFunctions.Lab.Backtesting;
using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Lab.Tests.Backtesting;

/// <summary>A backtest started without the command line, as a second host would start one.</summary>
public sealed class BacktestRunnerTests : IDisposable
{
    private const int Weeks = 6;
    private const int RowsPerWeek = 250;
    private const int EvalFrom = 3;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lab-tests-" + Guid.NewGuid().ToString("N"));

    public BacktestRunnerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_OncePolicy_ReportsEveryBatchAndWritesReportAndCharts()
    {
        var data = WriteStream(Path.Combine(_folder, "credit.csv"));
        var stream = BacktestStream.Read(data, timestampColumn: null, batchRows: RowsPerWeek, batchPeriod: null);
        var spec = BacktestRunner.EnsureBacktestable(CreditStreamGenerator.Spec() with { Trainers = [TrainerKind.LbfgsLogisticRegression] });
        var options = new BacktestOptions(spec.Name, EvalFrom, LabelLatency: 1, NaiveLagRows: RowsPerWeek, spec.EffectiveTrainers, spec.Window);
        var observer = new RecordingObserver();
        var output = Path.Combine(_folder, "out");

        var report = await new BacktestRunner(stream, spec, options).RunAsync(data, [BacktestPolicy.Parse("once")], output, python: null, observer);

        var once = Assert.Single(report.Policies);
        Assert.Equal("once", once.Name);
        Assert.Equal(1, once.Retrains);
        Assert.Equal(Enumerable.Range(0, Weeks), observer.Batches.Select(b => b.Batch));
        Assert.Equal([EvalFrom - 1], observer.Batches.Where(b => b.Outcome is not null).Select(b => b.Batch));
        Assert.Same(once, Assert.Single(observer.Completed));
        Assert.Equal((Weeks - EvalFrom) * RowsPerWeek, report.ScoredRows);
        Assert.Equal("accuracy", report.PrimaryMetric);
        Assert.True(report.Baselines.ContainsKey("trained once"));
        Assert.True(report.Baselines.ContainsKey("majority class"));
        Assert.True(File.Exists(Path.Combine(output, "backtest.json")));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(output, "timeline.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DriftPolicy_ReadsEachRevealedBatchsDriftAndRetrainsOnTheShock()
    {
        // Arrange: weeks before and after the stream's rate shock (the partner channel's share jumps from 5 % to 30 %, its
        // applicants' debt-to-income and late payments rise).
        const int weeks = CreditStreamGenerator.ShockWeek + 2;
        var data = Path.Combine(_folder, "credit.csv");
        await using (var file = File.Create(data))
        {
            new CreditStreamGenerator(seed: 3).WriteWeeks(weeks, RowsPerWeek, file);
        }

        var stream = BacktestStream.Read(data, timestampColumn: null, batchRows: RowsPerWeek, batchPeriod: null);
        var spec = BacktestRunner.EnsureBacktestable(CreditStreamGenerator.Spec() with { Trainers = [TrainerKind.LbfgsLogisticRegression] });
        var options = new BacktestOptions(spec.Name, EvalFrom, LabelLatency: 1, NaiveLagRows: RowsPerWeek, spec.EffectiveTrainers, spec.Window);
        var observer = new RecordingObserver();

        // Act
        var report = await new BacktestRunner(stream, spec, options).RunAsync(data, [BacktestPolicy.Parse("drift:0.1")], Path.Combine(_folder, "out"), python: null, observer);

        // Assert: every decision after the first model read a measured drift signal of the batch just revealed (none was
        // passed before): no drift before the shock, a retrain on the shock's week for its drifted share (importance-weighted,
        // about 0.14: under the dataset verdict's 0.5, over the policy's 0.1).
        var drift = Assert.Single(report.Policies);
        Assert.Equal("drift-0.1", drift.Name);
        var decided = observer.Batches.Where(b => b.Verdict is not null).Skip(1).ToList();
        Assert.Equal(weeks - EvalFrom, decided.Count);
        Assert.All(decided, b => Assert.Contains("data drift: score", b.Reason, StringComparison.Ordinal));
        Assert.All(decided, b => Assert.Contains("from training data of production version", b.Reason, StringComparison.Ordinal));
        var shock = decided.Single(b => b.Batch == CreditStreamGenerator.ShockWeek);
        Assert.Equal("Retrain", shock.Verdict);
        Assert.StartsWith("Retrain: data drift: score", shock.Reason, StringComparison.Ordinal);
        Assert.All(decided.Where(b => b.Batch < CreditStreamGenerator.ShockWeek), b => Assert.StartsWith("Skip: no trigger fired (data drift: score 0 (threshold 0.1), verdict stable", b.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void EnsureBacktestable_Multiclass_RefusedNamingTheTasksItSupports()
    {
        var spec = CreditStreamGenerator.Spec() with { Task = ModelTask.MulticlassClassification };

        var error = Assert.Throws<ModelSpecException>(() => BacktestRunner.EnsureBacktestable(spec));

        Assert.Contains("binary classification and regression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeWindow_SlidingWithCandidatesAndHalfLife_NamesEachPart()
    {
        var window = new WindowSpec { MaxRows = 3_000, CandidateRows = [1_000], RecencyHalfLifeRows = 500 };

        var text = BacktestRunner.DescribeWindow(window);

        Assert.Equal("sliding 3000 rows, candidate windows 1000 rows, recency half-life 500 rows", text);
    }

    private static string WriteStream(string path)
    {
        using var file = File.Create(path);
        new CreditStreamGenerator(seed: 3).WriteWeeks(Weeks, RowsPerWeek, file);
        return path;
    }

    private sealed class RecordingObserver : IBacktestObserver
    {
        public List<BatchPoint> Batches { get; } = [];

        public List<PolicyResult> Completed { get; } = [];

        public void OnBatch(BacktestPolicy policy, BatchPoint point) => Batches.Add(point);

        public void OnPolicyCompleted(PolicyResult result) => Completed.Add(result);

        public void OnPythonReferenceSkipped(string reason) => throw new InvalidOperationException(reason);
    }
}
