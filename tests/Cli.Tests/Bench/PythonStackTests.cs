using RetrainFunctions.Benchmarks;
using RetrainFunctions.Cli.Commands;

namespace RetrainFunctions.Cli.Tests.Bench;

/// <summary><c>retrain bench --python</c>: reading compare.py's JSON, the side-by-side table, and the script run for real on bench files.</summary>
public sealed class PythonStackTests
{
    /// <summary>What compare.py printed on this machine at 20,000 rows (python3-xgboost installed), drift features shortened.</summary>
    private const string ScriptOutput = """
        {
          "python": "3.11.2",
          "versions": {"numpy": "1.24.2", "pandas": "1.5.3", "scipy": "1.10.1", "sklearn": "1.2.1", "xgboost": "1.7.4"},
          "cores": 2,
          "threads": 2,
          "ompWaitPolicy": "PASSIVE",
          "importSeconds": 1.21,
          "current": "/tmp/b/current-20000.csv",
          "read": {"rows": 20000, "seconds": 0.061, "peakRssMb": 151.2},
          "split": {"trainRows": 14000, "holdoutRows": 4000},
          "hgb": {"prepareSeconds": 0.01, "fitSeconds": 0.912, "predictSeconds": 0.031, "auc": 0.8127, "peakRssMb": 160.4, "readFitPredictSeconds": 1.014},
          "xgboost": {"fitSeconds": 0.533, "predictSeconds": 0.012, "auc": 0.8101, "peakRssMb": 171.9, "readFitPredictSeconds": 0.606},
          "drift": {"reference": "/tmp/b/reference-20000.csv", "readReferenceSeconds": 0.058, "seconds": 0.14,
                    "features": [{"feature": "x00", "test": "ks", "statistic": 0.01, "pValue": 0.3}], "peakRssMb": 180.0},
          "totalSeconds": 1.9,
          "peakRssMb": 180.0
        }
        """;

    [Fact]
    public void Parse_CompareScriptJson_ReadsEveryPart()
    {
        // Act
        var (figures, error) = PythonStack.Parse(ScriptOutput);

        // Assert
        Assert.Null(error);
        Assert.NotNull(figures);
        Assert.Equal("1.2.1", figures.Versions["sklearn"]);
        Assert.Equal(20000, figures.Read!.Rows);
        Assert.Equal(0.01, figures.Hgb!.PrepareSeconds);
        Assert.Equal(1.014, figures.Hgb.ReadFitPredictSeconds);
        Assert.Equal(0.8101, figures.Xgboost!.Auc);
        Assert.Equal(0.14, figures.Drift!.Seconds);
        Assert.Equal("PASSIVE", figures.OmpWaitPolicy);
    }

    [Fact]
    public void Parse_NotTheScriptsJson_ReturnsOneLineError()
    {
        // Act
        var (figures, error) = PythonStack.Parse("Traceback (most recent call last):");

        // Assert
        Assert.Null(figures);
        Assert.NotNull(error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Rows_PythonAndOurFigures_SideBySideWithTheirAucs()
    {
        // Arrange
        var report = Report(PythonStack.Parse(ScriptOutput).Figures);

        // Act
        var rows = BenchComparison.Rows(report);
        var text = BenchComparisonTable.Render(report);

        // Assert: Python's read, two models and drift, then the baseline, our validate stage and the whole run.
        Assert.Equal(["python", "python", "python", "python", "ML.NET", "ML.NET", "ML.NET"], rows.Select(r => r.Stack));
        Assert.Equal(1.014, rows[1].Seconds);
        Assert.Equal(0.8127, rows[1].Auc);
        Assert.Equal(0.058 + 0.14, rows[3].Seconds, 9);
        Assert.Equal((16.2, 0.834), (rows[4].Seconds, rows[4].Auc!.Value));
        Assert.Equal(35.7, rows[^1].Seconds);
        Assert.Contains("xgboost 1.7.4", text, StringComparison.Ordinal);
        Assert.Contains("0.8127", text, StringComparison.Ordinal);
        Assert.Contains("whole retraining run (Deployed)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoPythonFigures_SaysWhyInOneLine()
    {
        // Arrange
        var report = Report(python: null) with { PythonError = "python3 compare.py failed (1): ModuleNotFoundError: No module named 'sklearn'" };

        // Act
        var text = BenchComparisonTable.Render(report);

        // Assert: our figures are still there.
        Assert.Contains("bare baseline", text, StringComparison.Ordinal);
        Assert.EndsWith($"No Python figures: {report.PythonError}.{Environment.NewLine}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingScript_ReturnsOneLineErrorInsteadOfThrowing()
    {
        // Act
        var (output, error) = await Lab.PythonScript.RunAsync("/nonexistent/compare.py", [], environment: null, CancellationToken.None);

        // Assert
        Assert.Null(output);
        Assert.Equal("/nonexistent/compare.py is missing from the build output", error);
    }

    /// <summary>The real script with Debian's python3-sklearn (installed on the project's machines) on files the bench generates.</summary>
    [Fact]
    public async Task RunAsync_BenchFiles_FiguresOfTheSameRows()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        var (current, reference) = (folder.File("current-20000.csv"), folder.File("reference-20000.csv"));
        BenchDataset.Write(reference, 20_000, drifted: false, seed: 11);
        BenchDataset.Write(current, 20_000, drifted: true, seed: 12);

        // Act
        var (figures, error) = await PythonStack.RunAsync(current, reference, threads: 1, CancellationToken.None);

        // Assert: the same 20,000 rows, a learnable split, and xgboost either measured or said to be skipped.
        Assert.True(figures is not null, error);
        Assert.Equal(20_000, figures.Read!.Rows);
        Assert.InRange(figures.Hgb!.Auc, 0.7, 1.0);
        Assert.True(figures.Xgboost is not null || figures.Notes.Any(n => n.Contains("xgboost", StringComparison.Ordinal)));
        Assert.NotNull(figures.Drift);
        Assert.Equal(1, figures.Threads);
    }

    private static BenchReport Report(PythonStackFigures? python) => new(
        1_000_000,
        2,
        2,
        "PASSIVE",
        0,
        new PipelineFigures(35.7, 0.2, [new StageFigures("Validate", 10.4, 329), new StageFigures("Train", 11.0, 523)], 0.1, 0.003, 523, "Deployed", "better", 22.9, "Deployed"),
        new BaselineFigures(16.2, 0.834, 356),
        2.2,
        python);
}
