using System.Text.RegularExpressions;
using RetrainFunctions.Benchmarks.Serving;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary>Issue #16, items 4 and 9: <c>retrain compare</c> on two real versions trained by the real pipeline.</summary>
public sealed partial class CompareCommandTests(CompareCommandTests.TwoVersions versions) : IClassFixture<CompareCommandTests.TwoVersions>
{
    [Fact]
    public async Task Compare_UnseenFile_GateMetricsWithPairedIntervalsAndNoOverlapWarning()
    {
        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("compare", ServingSample.Model, versions.First, versions.Second, "--data", versions.UnseenFile, "--store", versions.Root);

        // Assert
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("800 rows", output, StringComparison.Ordinal);
        foreach (var metric in new[] { "Accuracy", "F1", "LogLoss (gate)" })
        {
            var row = Assert.Single(output.Split('\n'), l => l.TrimStart().StartsWith(metric + " ", StringComparison.Ordinal));
            var match = IntervalRow().Match(row);
            Assert.True(match.Success, row);
            var (point, lower, upper) = (double.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(match.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(match.Groups[5].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(lower <= point && point <= upper, row);
        }

        Assert.Contains("On the gate metric (LogLoss):", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_FileTheVersionsWereTrainedOn_WarnsOfTheOverlapForEach()
    {
        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("compare", ServingSample.Model, versions.First, versions.Second, "--data", versions.TrainingFile, "--store", versions.Root);

        // Assert
        Assert.True(exitCode == 0, error + output);
        Assert.Contains($"warning: week-00.csv overlaps the training rows of {versions.First}: 900 of 900 rows", output, StringComparison.Ordinal);
        Assert.Contains($"warning: week-00.csv overlaps the training rows of {versions.Second}: 900 of 900 rows", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UnknownVersion_UsageErrorNamingIt()
    {
        var (exitCode, _, error) = await CommandLineRunner.RunAsync("compare", ServingSample.Model, versions.First, "v404", "--data", versions.UnseenFile, "--store", versions.Root);

        Assert.Equal((int)ExitCode.UsageError, exitCode);
        Assert.Contains("has no version 'v404'", error, StringComparison.Ordinal);
    }

    /// <summary>"name  0.1234  0.2345  +0.0111 [-0.0100, +0.0300]": the two values and the interval.</summary>
    [GeneratedRegex(@"(-?\d+\.\d{4})\s+(-?\d+\.\d{4})\s+([+-]?\d+\.\d{4}) \[([+-]?\d+\.\d{4}), ([+-]?\d+\.\d{4})\]")]
    private static partial Regex IntervalRow();

    /// <summary>Two real versions of the demo's credit model trained on week 0 (900 rows), and week 1 as unseen rows.</summary>
    public sealed class TwoVersions : IAsyncLifetime
    {
        private readonly TemporaryFolder _folder = new();

        public string Root => Path.Combine(_folder.Path, "store");

        public string TrainingFile => _folder.File("week-00.csv");

        public string UnseenFile => _folder.File("week-01.csv");

        public string First { get; private set; } = string.Empty;

        public string Second { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            await using var pipeline = await TestPipeline.StartAsync(Root);
            (First, Second) = await ServingSample.EnsureTwoVersionsAsync(pipeline, trainingRows: 900);
            foreach (var (week, rows, path) in new[] { (0, 900, TrainingFile), (1, 800, UnseenFile) })
            {
                await using var file = File.Create(path);
                new CreditStreamGenerator().WriteWeek(week, rows, file);
            }
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
