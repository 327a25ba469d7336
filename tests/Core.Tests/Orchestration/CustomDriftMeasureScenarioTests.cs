using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Drift;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>A drift measure from outside RetrainFunctions, added with one registration, on the real pipeline and engine.</summary>
public sealed class CustomDriftMeasureScenarioTests
{
    [Fact]
    public async Task RunAsync_MeasureRegisteredWithOneLine_ItsValuesAreInTheDriftReportAndPage()
    {
        // Arrange: the only change to the host is the one registration line; a first run puts a model in production.
        await using var harness = await PipelineHarness.StartAsync(configure: services => services.AddRetrainDriftMeasure<MedianShiftMeasure>());
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        Assert.Equal(RunOutcome.Deployed, (await harness.RunAsync("churn")).Outcome);
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 600, seed: 2));

        // Act: the second run measures drift against production's training data.
        var record = await harness.RunAsync("churn");

        // Assert: every numeric feature carries the measure beside the built-ins; categorical ones do not.
        var summary = record.Validation!.Drift!;
        Assert.True(summary.Measured);
        var report = await harness.Store.ReadJsonAsync<DriftReport>(summary.ReportPath!);
        foreach (var feature in report.Features)
        {
            var names = feature.Measures!.Select(m => m.Name).ToList();
            Assert.Equal(feature.Column is "x1" or "x2", names.Contains(MedianShiftMeasure.MeasureName));
            Assert.Contains(feature.Kind == ColumnKind.Numeric ? "Psi" : "LInfinity", names);
        }

        var shifts = report.Features.Where(f => f.Column is "x1" or "x2").Select(f => f.Measures!.Single(m => m.Name == MedianShiftMeasure.MeasureName)).ToList();
        Assert.Equal(2, shifts.Count);
        Assert.All(shifts, m => Assert.True(m.Value is > 0 and < 1, $"median shift {m.Value}")); // two samples of one distribution
        Assert.All(shifts, m => Assert.Null(m.Threshold));
        var page = System.Text.Encoding.UTF8.GetString((await harness.Store.TryReadBytesAsync(summary.PagePath!))!);
        Assert.Contains("<th>MedianShift</th>", page, StringComparison.Ordinal);
    }
}
