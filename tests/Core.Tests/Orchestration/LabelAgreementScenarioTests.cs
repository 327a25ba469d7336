using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>The label-agreement check (<see cref="LabelAgreementCheck"/>) on the real pipeline and a real in-process Durable Task engine.</summary>
public sealed class LabelAgreementScenarioTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RunAsync_BatchWithThirtyPercentFlippedLabels_QuarantinesItAndKeepsProduction()
    {
        // Arrange: production learns the stream's concept from 2,000 rows; then 400 rows of it arrive with 30 % of the labels flipped.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(Spec());
        await harness.UploadAsync("stream", "week-0.csv", LabelStream.Csv(LabelStream.Rows(2_000, seed: 7), Start));
        var deployed = await harness.RunAsync("stream");
        Assert.Equal(RunOutcome.Deployed, deployed.Outcome);
        await harness.UploadAsync("stream", "week-1.csv", LabelStream.Csv(LabelStream.Rows(400, seed: 8, LabelStreamCase.Flipped), Start.AddDays(30)));

        // Act
        var record = await harness.RunAsync("stream");

        // Assert
        Assert.Equal((RunOutcome.Rejected, RejectionReason.DataInvalid), (record.Outcome, record.Rejection));
        var quarantined = Assert.Single(record.Validation!.Quarantined);
        Assert.Contains("labels look corrupted", quarantined.Reason, StringComparison.Ordinal);
        Assert.Contains("labels look corrupted", record.Reason, StringComparison.Ordinal);
        var report = await harness.Store.ReadJsonAsync<BatchReport>(quarantined.ReportPath);
        var finding = Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ValidationCheck.LabelAgreement, "label"), (finding.Check, finding.Column));
        Assert.True(await harness.Store.ExistsAsync(ModelArtifacts.For("stream").Quarantine.Batch(quarantined.BatchId)));
        Assert.Equal(deployed.RunId, (await harness.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("stream").Deployment.Production)).Version);
    }

    [Fact]
    public async Task RunAsync_BatchWithShiftedThreshold_PassesValidation()
    {
        // Arrange: the same production; then 400 rows whose threshold on x1 moved (production's accuracy falls about 12 points).
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(Spec());
        await harness.UploadAsync("stream", "week-0.csv", LabelStream.Csv(LabelStream.Rows(2_000, seed: 7), Start));
        Assert.Equal(RunOutcome.Deployed, (await harness.RunAsync("stream")).Outcome);
        await harness.UploadAsync("stream", "week-1.csv", LabelStream.Csv(LabelStream.Rows(400, seed: 8, LabelStreamCase.Shifted), Start.AddDays(30)));

        // Act
        var record = await harness.RunAsync("stream");

        // Assert
        Assert.Empty(record.Validation!.Quarantined);
        Assert.Single(record.Validation.Accepted);
        Assert.NotEqual(RejectionReason.DataInvalid, record.Rejection);
        var report = await harness.Store.ReadJsonAsync<ValidationRunReport>(record.Validation.ReportPath);
        Assert.DoesNotContain(report.Batches.Single().Findings, f => f.Check == ValidationCheck.LabelAgreement);
    }

    [Fact]
    public async Task RunAsync_LabelsChecked_PredictionDriftReusesProductionsScoresInsteadOfReadingTheBatchAgain()
    {
        // Arrange: production, then a batch whose labels production scores for the check.
        ReadCountingArtifactStore? counting = null;
        await using var harness = await PipelineHarness.StartAsync(decorate: inner => counting = new ReadCountingArtifactStore(inner));
        await harness.SaveSpecAsync(Spec());
        await harness.UploadAsync("stream", "week-0.csv", LabelStream.Csv(LabelStream.Rows(2_000, seed: 7), Start));
        Assert.Equal(RunOutcome.Deployed, (await harness.RunAsync("stream")).Outcome);
        await harness.UploadAsync("stream", "week-1.csv", LabelStream.Csv(LabelStream.Rows(400, seed: 8, LabelStreamCase.Shifted), Start.AddDays(30)));

        // Act
        var record = await harness.RunAsync("stream");

        // Assert: prediction drift was measured, yet the accepted batch was read once, by the snapshot alone.
        var batch = Assert.Single(record.Validation!.Accepted);
        Assert.NotNull(record.Validation.Drift!.PredictionDrifted);
        Assert.Equal(1, counting!.Reads(ModelArtifacts.For("stream").Batches.Accepted(batch.BatchId)));
    }

    private static ModelSpec Spec() => PipelineHarness.Spec("stream") with
    {
        Features = [new("x1", FeatureType.Numeric), new("x2", FeatureType.Numeric), new("x3", FeatureType.Numeric)],
        Trainers = [TrainerKind.LightGbm],
    };
}
