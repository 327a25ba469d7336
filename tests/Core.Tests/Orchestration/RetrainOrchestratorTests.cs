using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>The five pipeline scenarios, each on a real in-process Durable Task engine with the real stages.</summary>
public sealed class RetrainOrchestratorTests
{
    [Fact]
    public async Task RunAsync_LearnableNewData_DeploysFirstVersionWithRecord()
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        var record = await harness.RunAsync("churn");

        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal(
            [PipelineStage.Collect, PipelineStage.Validate, PipelineStage.Snapshot, PipelineStage.Features, PipelineStage.Train, PipelineStage.Evaluate, PipelineStage.Refit, PipelineStage.Deploy],
            record.Stages.Select(s => s.Stage));
        Assert.Equal(2, record.Candidates!.Count);
        Assert.Equal(GateDecision.Promote, record.Evaluation!.Decision);
        Assert.True(record.Evaluation.ChallengerMetrics[EvaluationMetric.Auc] > 0.8);
        var pointer = await harness.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("churn").Deployment.Production);
        Assert.Equal(record.RunId, pointer.Version);
        var stored = await harness.Store.ReadJsonAsync<RunRecord>(ModelArtifacts.For("churn").Runs.Run(record.RunId).Record);
        Assert.Equal(RunOutcome.Deployed, stored.Outcome);
        Assert.Equal(record.Snapshot!.Digest, (await harness.Store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For("churn").Versions.Version(pointer.Version).Manifest)).SnapshotDigest);
    }

    [Fact]
    public async Task RunAsync_ChallengerNotBetterByMinDelta_RejectedAndProductionUnchanged()
    {
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec() with { Gate = PipelineHarness.Spec().Gate with { Mode = GateMode.Superiority, MinDelta = 0.3 } };
        await harness.SaveSpecAsync(spec);
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var first = await harness.RunAsync("churn");
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 300));

        var second = await harness.RunAsync("churn");

        Assert.Equal(RunOutcome.Deployed, first.Outcome);
        Assert.Equal((RunOutcome.Rejected, RejectionReason.NotBetter), (second.Outcome, second.Rejection));
        Assert.Equal(first.RunId, second.Evaluation!.ChampionVersion);
        Assert.Contains("minDelta 0.3", second.Reason, StringComparison.Ordinal);
        Assert.Equal(first.RunId, (await harness.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("churn").Deployment.Production)).Version);
        Assert.Empty(await harness.ListAsync(ModelArtifacts.For("churn").Versions.Prefix + second.RunId));
    }

    [Fact]
    public async Task RunAsync_InvalidBatch_RejectedAsDataInvalidWithBatchQuarantined()
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var first = await harness.RunAsync("churn");
        var broken = PipelineHarness.Batch(1, 100).Replace(",label,", ",outcome,", StringComparison.Ordinal);
        await harness.UploadAsync("churn", "week-1.csv", broken);

        var second = await harness.RunAsync("churn");

        Assert.Equal((RunOutcome.Rejected, RejectionReason.DataInvalid), (second.Outcome, second.Rejection));
        var quarantined = Assert.Single(second.Validation!.Quarantined);
        Assert.Equal("week-1.csv", quarantined.SourceName);
        Assert.Contains("'label'", second.Reason, StringComparison.Ordinal);
        Assert.True(await harness.Store.ExistsAsync(ModelArtifacts.For("churn").Quarantine.Batch(quarantined.BatchId)));
        Assert.True(await harness.Store.ExistsAsync(quarantined.ReportPath));
        Assert.Equal(first.RunId, (await harness.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("churn").Deployment.Production)).Version);
        Assert.DoesNotContain(second.Stages, s => s.Stage == PipelineStage.Train);
    }

    [Fact]
    public async Task RunAsync_DeployActivityFailsTransiently_IsRetriedAndRunDeploys()
    {
        FlakyArtifactStore? flaky = null;
        await using var harness = await PipelineHarness.StartAsync(inner => flaky = new FlakyArtifactStore(inner, path => path.EndsWith("/production.json", StringComparison.Ordinal), failures: 2));
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        var record = await harness.RunAsync("churn");

        Assert.Equal(2, flaky!.InjectedFailures);
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal(record.RunId, (await harness.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("churn").Deployment.Production)).Version);
        Assert.Single(await harness.ListAsync(ModelArtifacts.For("churn").Deployment.HistoryPrefix));
    }

    [Fact]
    public async Task StartAsync_SecondStartWhileRunning_IsCoalescedIntoOneRunThenAFollowUp()
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        var first = await harness.Starter.StartAsync(new RetrainRequest("churn", RunTrigger.Http));
        var second = await harness.Starter.StartAsync(new RetrainRequest("churn", RunTrigger.NewData, RequestedBy: "week-1.csv"));
        var last = await harness.Starter.WaitForRunAsync(first.InstanceId, TimeSpan.FromMinutes(3));

        Assert.False(first.Coalesced);
        Assert.True(second.Coalesced);
        Assert.Equal(first.InstanceId, second.InstanceId);
        Assert.Equal((RunTrigger.Coalesced, RunOutcome.Skipped), (last.Trigger, last.Outcome));
        var records = new List<RunRecord>();
        foreach (var path in (await harness.ListAsync(ModelArtifacts.For("churn").Runs.Prefix)).Where(p => p.EndsWith("/record.json", StringComparison.Ordinal)))
        {
            records.Add(await harness.Store.ReadJsonAsync<RunRecord>(path));
        }

        records = [.. records.OrderBy(r => r.StartedAt)];
        Assert.Equal([RunOutcome.Deployed, RunOutcome.Skipped], records.Select(r => r.Outcome!.Value));
        Assert.True(records[1].StartedAt >= records[0].CompletedAt, "the follow-up run must start after the first one ended");
    }

    [Fact]
    public async Task RunAsync_NothingNew_SkippedWithoutTraining()
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec());

        var record = await harness.RunAsync("churn");

        Assert.Equal(RunOutcome.Skipped, record.Outcome);
        Assert.Equal([PipelineStage.Collect], record.Stages.Select(s => s.Stage));
        Assert.False(await harness.Store.ExistsAsync(ModelArtifacts.For("churn").Deployment.Production));
    }

    [Fact]
    public async Task RunAsync_MissingSpec_FailsWithoutRetriesAndRecordsWhy()
    {
        await using var harness = await PipelineHarness.StartAsync();

        var record = await harness.RunAsync("ghost");

        Assert.Equal(RunOutcome.Failed, record.Outcome);
        Assert.Contains("ModelSpecException", record.Reason, StringComparison.Ordinal);
        Assert.Contains("retrain init ghost", record.Reason, StringComparison.Ordinal);
        Assert.True(record.CompletedAt - record.StartedAt < TimeSpan.FromSeconds(1), "a missing spec is not retried");
    }

    [Fact]
    public async Task RunAsync_PolicyNotTriggered_SkipsBeforeTrainingAndRecordsTheDecision()
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Policy = new PolicySpec { MinNewLabels = 1_000 } });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var first = await harness.RunAsync("churn");
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 100));

        var second = await harness.RunAsync("churn");

        Assert.Equal(RunOutcome.Deployed, first.Outcome);
        Assert.Equal(RetrainVerdict.Retrain, first.Policy!.Verdict);
        Assert.Equal(RunOutcome.Skipped, second.Outcome);
        Assert.Equal(RetrainVerdict.Skip, second.Policy!.Verdict);
        Assert.Contains("retraining policy skipped", second.Reason, StringComparison.Ordinal);
        Assert.Contains(PipelineStage.Decide, second.Stages.Select(st => st.Stage));
        Assert.DoesNotContain(PipelineStage.Train, second.Stages.Select(st => st.Stage));
        Assert.Single(second.Validation!.Accepted);
        Assert.True(await harness.Store.ExistsAsync(ModelArtifacts.For("churn").Policy.State));
    }

    [Fact]
    public async Task RunAsync_OnlyAnOversizedFile_RejectedAsDataInvalidWithFileQuarantined()
    {
        await using var harness = await PipelineHarness.StartAsync(collectionLimitBytes: 1_000);
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "huge.csv", PipelineHarness.Batch(0, 600));

        var record = await harness.RunAsync("churn");

        Assert.Equal((RunOutcome.Rejected, RejectionReason.DataInvalid), (record.Outcome, record.Rejection));
        var refused = Assert.Single(record.RefusedFiles!);
        Assert.Contains("limit is 1,000 bytes", record.Reason, StringComparison.Ordinal);
        Assert.True(await harness.Store.ExistsAsync(ModelArtifacts.For("churn").Quarantine.Batch(refused.BatchId)));
        Assert.False(await harness.Store.ExistsAsync(ModelArtifacts.For("churn").Deployment.Production));
    }
}
