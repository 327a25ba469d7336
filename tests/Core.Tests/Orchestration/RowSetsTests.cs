using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>
/// The three row sets on the real pipeline and a real in-process Durable Task engine: the comparison rows are the rows
/// newer than production's training data, and no compared model ever trained or was selected on any of them.
/// </summary>
public sealed class RowSetsTests
{
    [Fact]
    public async Task RunAsync_TwoRunsAfterADeployment_ComparisonRowsAreTheBatchesProductionNeverSaw()
    {
        // Arrange: a first version, then a gate no challenger can pass, so production stays while two batches arrive.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Gate = new GateSpec { MinHoldoutRows = 30, Mode = GateMode.Superiority, MinDelta = 0.9 } });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var first = await harness.RunAsync("churn");
        Assert.Equal(RunOutcome.Deployed, first.Outcome);
        Assert.Equal(ComparisonBasis.NoProduction, first.Snapshot!.RowSets!.Basis);

        // Act
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 200));
        var second = await harness.RunAsync("churn");
        await harness.UploadAsync("churn", "week-2.csv", PipelineHarness.Batch(2, 150));
        var third = await harness.RunAsync("churn");

        // Assert: run 2 compares on the newest half of week 1's 200 rows; production stays, so run 3 compares on the newest
        // half of weeks 1 and 2 (175 of 350 rows: all of week 2 and the newest 25 of week 1).
        var production = await harness.Store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For("churn").Versions.Version(first.RunId).Manifest);
        Assert.Equal(SnapshotRowsSeen.All, production.Seen);
        var seen = (await harness.Store.ReadJsonAsync<SnapshotManifest>(ModelArtifacts.For("churn").Snapshots.Manifest(production.SnapshotDigest)))
            .Batches.Select(b => b.BatchId).ToHashSet(StringComparer.Ordinal);
        foreach (var (run, expected, perBatch) in new[] { (second, 100, new[] { 100 }), (third, 175, new[] { 25, 150 }) })
        {
            Assert.Equal(RunOutcome.Rejected, run.Outcome);
            var sets = run.Snapshot!.RowSets!;
            Assert.Equal((ComparisonBasis.UnseenByProduction, first.RunId, expected), (sets.Basis, sets.ProductionVersion, sets.ComparisonRows));
            Assert.Equal(expected, run.Evaluation!.HoldoutRows);

            var manifest = await harness.Store.ReadJsonAsync<SnapshotManifest>(run.Snapshot.ManifestPath);
            var compared = manifest.Batches.Where(b => b.ComparisonRows > 0).ToList();
            Assert.Equal(perBatch, compared.Select(b => b.ComparisonRows));

            // Production never saw a comparison batch, and the challenger (training rows) and its ranking (selection
            // rows) had every other row of the window: all production saw and the older unseen rows, none compared.
            Assert.All(compared, b => Assert.DoesNotContain(b.BatchId, seen));
            Assert.Equal(manifest.Batches.Sum(b => b.Rows) - expected, manifest.TrainRows + manifest.ValidationRows);
            Assert.True(manifest.TrainRows + manifest.ValidationRows > manifest.Batches.Where(b => seen.Contains(b.BatchId)).Sum(b => b.Rows));
        }
    }

    [Fact]
    public async Task RunAsync_AfterAPromotion_TheNextRunComparesOnlyOnTheNewBatch()
    {
        // Arrange: a gate that promotes whatever is not clearly worse.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Gate = new GateSpec { MinHoldoutRows = 30, Mode = GateMode.NonInferiority, NonInferiorityMargin = 1, SliceRegression = SliceRegressionAction.Off } });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        Assert.Equal(RunOutcome.Deployed, (await harness.RunAsync("churn")).Outcome);
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 200));
        var second = await harness.RunAsync("churn");
        Assert.Equal(RunOutcome.Deployed, second.Outcome);

        // Act
        await harness.UploadAsync("churn", "week-2.csv", PipelineHarness.Batch(2, 150));
        var third = await harness.RunAsync("churn");

        // Assert: the refitted version saw week 1, so only week 2 is compared on: its newest half.
        Assert.Equal((second.RunId, 150, 75), (third.Snapshot!.RowSets!.ProductionVersion, third.Snapshot.RowSets.UnseenRows, third.Snapshot.RowSets.ComparisonRows));
    }

    [Fact]
    public async Task RunAsync_TooFewRowsNewerThanProduction_RejectsWithoutTrainingAndSaysWhy()
    {
        // Arrange: 16 new rows give 8 comparison rows, below the non-inferiority floor of 10.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Gate = new GateSpec { MinHoldoutRows = 30 } });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        Assert.Equal(RunOutcome.Deployed, (await harness.RunAsync("churn")).Outcome);
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 16));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert
        Assert.Equal((RunOutcome.Rejected, RejectionReason.InsufficientData), (record.Outcome, record.Rejection));
        Assert.Contains("Only 16 row(s) are newer than what production", record.Reason, StringComparison.Ordinal);
        Assert.Contains("giving 8 comparison row(s); at least 10 (the non-inferiority floor)", record.Reason, StringComparison.Ordinal);
        Assert.Null(record.Candidates);
    }

    [Fact]
    public async Task RunAsync_FewerNewRowsThanMinHoldoutRows_NonInferiorityDecidesOnThinEvidence()
    {
        // Arrange: a small batch (30 rows) under gate.minHoldoutRows 50: the run neither waits for a second batch nor
        // compares on all 30 rows (the challenger would learn none of them): 15 are compared, 15 train.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Gate = new GateSpec { MinHoldoutRows = 50 } });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        Assert.Equal(RunOutcome.Deployed, (await harness.RunAsync("churn")).Outcome);
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 30));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert
        Assert.Equal((30, 15), (record.Snapshot!.RowSets!.UnseenRows, record.Snapshot.RowSets.ComparisonRows));
        Assert.NotNull(record.Candidates);
        Assert.True(record.Outcome == RunOutcome.Deployed ? record.Reason!.Contains("thin evidence", StringComparison.Ordinal) : record.Rejection != RejectionReason.InsufficientData, record.Reason);
    }
}
