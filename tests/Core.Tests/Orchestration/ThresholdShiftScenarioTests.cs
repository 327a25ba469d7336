using Microsoft.ML;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>
/// An abrupt threshold shift on the real pipeline and a real in-process Durable Task engine: the features rank the rows
/// exactly as before, only the share of positives moves, so a ranking metric (AUC) sees no change while production's
/// accuracy falls. The default gate (non-inferiority on log-loss, accuracy and F1 guardrails, on rows production never
/// saw) deploys the retrain; the old default (AUC, superiority) kept the degraded model.
/// </summary>
public sealed class ThresholdShiftScenarioTests
{
    [Fact]
    public async Task RunAsync_ThresholdShiftWithTheDefaultGate_RetrainDeployedAndAheadOnTheNewConcept()
    {
        // Arrange: a first version on the old concept, then a week after the shift.
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec() with { Gate = new GateSpec() };
        await harness.SaveSpecAsync(spec);
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(week: 0, rows: 800, threshold: OldThreshold));
        var first = await harness.RunAsync("churn");
        Assert.Equal(RunOutcome.Deployed, first.Outcome);
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(week: 1, rows: 500, threshold: NewThreshold));

        // Act
        var second = await harness.RunAsync("churn");

        // Assert: deployed, with the decision's evidence on the shifted week only, and the new version ahead on a later week.
        Assert.True(second.Outcome == RunOutcome.Deployed, second.Reason);
        Assert.Equal((ComparisonBasis.UnseenByProduction, 500, 250), (second.Snapshot!.RowSets!.Basis, second.Snapshot.RowSets.UnseenRows, second.Snapshot.RowSets.ComparisonRows));
        Assert.Equal(EvaluationMetric.LogLoss, second.Evaluation!.Metric);
        var later = PipelineHarness.Batch(week: 2, rows: 1_000, threshold: NewThreshold);
        var before = await AccuracyAsync(harness, spec, first.RunId, later);
        var after = await AccuracyAsync(harness, spec, second.RunId, later);
        Assert.True(after > before + 0.05, $"accuracy on the new concept: {after:0.000} after the retrain vs {before:0.000} before");
    }

    [Fact]
    public async Task RunAsync_ThresholdShiftWithTheOldAucSuperiorityGate_DegradedModelKept()
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Gate = new GateSpec { Metric = EvaluationMetric.Auc, Mode = GateMode.Superiority } });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(week: 0, rows: 800, threshold: OldThreshold));
        Assert.Equal(RunOutcome.Deployed, (await harness.RunAsync("churn")).Outcome);
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(week: 1, rows: 500, threshold: NewThreshold));

        // Act
        var second = await harness.RunAsync("churn");

        // Assert: AUC cannot see the shift, so the retrain is not shown better and production stays.
        Assert.Equal(RunOutcome.Rejected, second.Outcome);
    }

    private const double OldThreshold = 0.3;

    private const double NewThreshold = 1.6;

    private static async Task<double> AccuracyAsync(PipelineHarness harness, ModelSpec spec, string version, string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"threshold-shift-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv);
        try
        {
            var ml = new MLContext(seed: 1);
            var model = await ModelZip.LoadAsync(harness.Store, ModelArtifacts.For("churn").Versions.Version(version).Model);
            return MetricCalculator.Compute(ml, spec.Task, model.Transform(SpecDataLoader.Load(ml, spec, path)))[EvaluationMetric.Accuracy];
        }
        finally
        {
            File.Delete(path);
        }
    }
}
