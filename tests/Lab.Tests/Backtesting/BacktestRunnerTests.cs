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
