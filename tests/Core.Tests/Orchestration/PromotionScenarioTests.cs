using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>The statistical gate, refit and approval on the real pipeline and a real in-process Durable Task engine.</summary>
public sealed class PromotionScenarioTests
{
    [Fact]
    public async Task RunAsync_ConceptChangedAndEnoughRows_PromotesRefitWithEvidenceAndModelCard()
    {
        // Arrange: production learned y ~ x1; the new data says y ~ −x1, and the window holds only the new data.
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec() with { Window = new WindowSpec { MaxRows = 1_200 } };
        await harness.SaveSpecAsync(spec);
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var first = await harness.RunAsync("churn");
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 1_200, drifted: true));

        // Act
        var second = await harness.RunAsync("churn");

        // Assert
        Assert.Equal((RunOutcome.Deployed, RunOutcome.Deployed), (first.Outcome, second.Outcome));
        var evidence = second.Evaluation!.Evidence!;
        Assert.True(evidence.GateInterval!.Lower > 0, $"lower bound {evidence.GateInterval.Lower}");
        Assert.NotNull(evidence.McNemar);
        Assert.Contains("95 % CI", second.Reason, StringComparison.Ordinal);
        Assert.True(second.Refit!.Accepted, second.Refit.Reason);
        Assert.Equal(1_200, second.Refit.TrainRows);
        var refitBytes = await ReadAllBytesAsync(harness.Store, second.Refit.ModelPath);
        var version = await harness.Store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For("churn").Versions.Version(second.RunId).Manifest);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(refitBytes)), version.ModelSha256);
        var card = Encoding.UTF8.GetString(await ReadAllBytesAsync(harness.Store, ModelArtifacts.For("churn").Versions.Version(second.RunId).ModelCard));
        Assert.Contains($"replaces | {first.RunId}", card, StringComparison.Ordinal);
        Assert.Contains("- Refit: refit", card, StringComparison.Ordinal);
        var reportBytes = await ReadAllBytesAsync(harness.Store, second.Evaluation.ReportPath);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(reportBytes)), second.Evaluation.ReportSha256);
    }

    [Fact]
    public async Task RunAsync_AfterADeployment_PredictionDriftComparesWithTheScoresOnTheComparisonRows()
    {
        // Arrange: a first model deployed, then a second week of the same concept.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var first = await harness.RunAsync("churn");
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 400, seed: 2));

        // Act
        var second = await harness.RunAsync("churn");

        // Assert: the deployed version carries the profile of its scores on the comparison rows it was judged on, and the
        // next run's prediction drift reads it: production's train split is not scored for a reference.
        Assert.Equal(RunOutcome.Deployed, first.Outcome);
        var version = ModelArtifacts.For("churn").Versions.Version(first.RunId);
        var reference = await harness.Store.ReadJsonAsync<ColumnProfile>(version.ComparisonScoresProfile);
        Assert.Equal(first.Evaluation!.HoldoutRows, reference.Count);
        Assert.Equal(
            await ReadAllBytesAsync(harness.Store, ModelArtifacts.For("churn").Runs.Run(first.RunId).ChallengerScoresProfile),
            await ReadAllBytesAsync(harness.Store, version.ComparisonScoresProfile));
        Assert.False(await harness.Store.ExistsAsync(version.TrainingScoresProfile));
        var drift = await harness.Store.ReadJsonAsync<DriftReport>(second.Validation!.Drift!.ReportPath!);
        Assert.Equal(reference.Count, drift.Prediction!.ReferenceCount);
        Assert.Equal(400, drift.Prediction.CurrentCount);
    }

    [Fact]
    public async Task RunAsync_BatchWithThirtyPercentLabelsFlipped_ChallengerRejectedAndProductionUnchanged()
    {
        // Arrange: the label-agreement check would quarantine this batch (LabelAgreementScenarioTests); off, the gate must
        // still refuse it. The test is about the superiority rule on AUC (the default is non-inferiority on log-loss).
        await using var harness = await PipelineHarness.StartAsync();
        var spec = PipelineHarness.Spec();
        await harness.SaveSpecAsync(spec with
        {
            Validation = spec.Validation with { LabelAgreement = false },
            Gate = spec.Gate with { Metric = EvaluationMetric.Auc, Threshold = 0.6, Mode = GateMode.Superiority },
        });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var first = await harness.RunAsync("churn");
        await harness.UploadAsync("churn", "week-1.csv", FlipLabels(PipelineHarness.Batch(1, 600), 0.3, seed: 3));

        // Act
        var second = await harness.RunAsync("churn");

        // Assert
        Assert.Equal(RunOutcome.Deployed, first.Outcome);
        Assert.Equal(RunOutcome.Rejected, second.Outcome);
        Assert.Contains(second.Rejection, new RejectionReason?[] { RejectionReason.NotBetter, RejectionReason.InsufficientEvidence, RejectionReason.SliceRegression });
        Assert.NotEqual(GateDecision.Promote, second.Evaluation!.Decision);
        Assert.False(second.Evaluation.Evidence!.GateInterval!.Lower > 0);
        Assert.Equal(first.RunId, (await harness.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("churn").Deployment.Production)).Version);
        Assert.Empty(await harness.ListAsync(ModelArtifacts.For("churn").Versions.Prefix + second.RunId));
    }

    [Fact]
    public async Task RunAsync_ApprovalRequired_StaleDecisionIgnoredThenApprovedAndRecorded()
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(WithApproval(timeoutHours: 1, ApprovalTimeoutPolicy.Reject));
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var start = await harness.Starter.StartAsync(new RetrainRequest("churn", RunTrigger.CommandLine));
        var waiting = await WaitForApprovalAsync(harness, start.InstanceId);
        var submitter = new ApprovalSubmitter(harness.Engine.Client);

        // Act
        var stale = await submitter.SubmitAsync(new ApprovalDecision("churn", waiting.CandidateVersion!, new string('0', 64), true, "mallory", "old report"));
        var approved = await submitter.SubmitAsync(new ApprovalDecision("churn", waiting.CandidateVersion!, waiting.EvaluationDigest!, true, "alice", "reviewed the CI"));
        var record = await harness.Starter.WaitForRunAsync(start.InstanceId, TimeSpan.FromMinutes(2));

        // Assert
        Assert.True(stale.Delivered && approved.Delivered);
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        var approval = record.Approval!;
        Assert.Equal((ApprovalOutcome.Approved, "alice", "reviewed the CI"), (approval.Outcome, approval.DecidedBy, approval.Reason));
        Assert.Equal(waiting.EvaluationDigest, approval.EvaluationDigest);
        var refused = Assert.Single(approval.Stale);
        Assert.Equal("mallory", refused.Decision.By);
        Assert.Contains("evaluation digest", refused.Why, StringComparison.Ordinal);
        Assert.Contains(PipelineStage.Approve, record.Stages.Select(s => s.Stage));
        Assert.Equal(record.RunId, (await harness.Store.ReadJsonAsync<ProductionPointer>(ModelArtifacts.For("churn").Deployment.Production)).Version);
    }

    [Fact]
    public async Task RunAsync_ApprovalRejected_RejectedAsApprovalDeniedAndNothingDeployed()
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(WithApproval(timeoutHours: 1, ApprovalTimeoutPolicy.Approve));
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        var start = await harness.Starter.StartAsync(new RetrainRequest("churn", RunTrigger.CommandLine));
        var waiting = await WaitForApprovalAsync(harness, start.InstanceId);

        // Act
        await new ApprovalSubmitter(harness.Engine.Client).SubmitAsync(new ApprovalDecision("churn", waiting.CandidateVersion!, waiting.EvaluationDigest!, false, "bob", "slice looks odd"));
        var record = await harness.Starter.WaitForRunAsync(start.InstanceId, TimeSpan.FromMinutes(2));

        // Assert
        Assert.Equal((RunOutcome.Rejected, RejectionReason.ApprovalDenied), (record.Outcome, record.Rejection));
        Assert.Equal(("bob", "slice looks odd"), (record.Approval!.DecidedBy, record.Approval.Reason));
        Assert.Contains("rejected by bob", record.Reason, StringComparison.Ordinal);
        Assert.False(await harness.Store.ExistsAsync(ModelArtifacts.For("churn").Deployment.Production));
    }

    [Theory]
    [InlineData(ApprovalTimeoutPolicy.Reject, RunOutcome.Rejected, ApprovalOutcome.TimedOutRejected)]
    [InlineData(ApprovalTimeoutPolicy.Approve, RunOutcome.Deployed, ApprovalOutcome.TimedOutApproved)]
    public async Task RunAsync_NoApprovalBeforeTimeout_TimeoutPolicyApplies(ApprovalTimeoutPolicy policy, RunOutcome outcome, ApprovalOutcome approvalOutcome)
    {
        // Arrange: a 2-second timeout.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(WithApproval(timeoutHours: 2.0 / 3600, policy));
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert
        Assert.Equal(outcome, record.Outcome);
        Assert.Equal(approvalOutcome, record.Approval!.Outcome);
        Assert.Null(record.Approval.DecidedBy);
        Assert.True(record.Approval.DecidedAt >= record.Approval.Deadline);
        if (outcome == RunOutcome.Rejected)
        {
            Assert.Equal(RejectionReason.ApprovalTimedOut, record.Rejection);
        }
    }

    [Fact]
    public async Task RunAsync_PlantedBadDeploymentOnProbation_RolledBackToPreviousVersionAndRecorded()
    {
        // Arrange: v1 learned y ~ x1; a model of y ~ −x1 (trained under another name) is then forced into production.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(PipelineHarness.Spec());
        await harness.SaveSpecAsync(PipelineHarness.Spec("inverted"));
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));
        await harness.UploadAsync("inverted", "week-0.csv", PipelineHarness.Batch(0, 600, drifted: true));
        var first = await harness.RunAsync("churn");
        var inverted = await harness.RunAsync("inverted");
        var badPath = ModelArtifacts.For("churn").Runs.Run("planted-bad").Candidate("LightGbm");
        await harness.Store.WriteBytesAsync(badPath, await ReadAllBytesAsync(harness.Store, ModelArtifacts.For("inverted").Versions.Version(inverted.RunId).Model), ArtifactWriteCondition.None);
        var deployer = new ModelDeployer(harness.Store, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelDeployer>.Instance);
        var planted = await deployer.DeployAsync(new DeployRequest("churn", "planted-bad", badPath, TrainerKind.LightGbm, new Dictionary<string, string>(),
            new Dictionary<EvaluationMetric, double>(), "snap", "spec", first.RunId, DateTimeOffset.UnixEpoch, ModelTask.BinaryClassification));
        await harness.UploadAsync("churn", "week-1.csv", PipelineHarness.Batch(1, 300));

        // Act
        var second = await harness.RunAsync("churn");

        // Assert
        Assert.True(planted.Deployed);
        var probation = second.Probation!;
        Assert.True(probation.Checked && probation.RolledBack, probation.Reason);
        Assert.Equal(("planted-bad", first.RunId, 300), (probation.Version, probation.PreviousVersion, probation.Rows));
        Assert.True(probation.Interval!.Upper < 0);
        Assert.Contains(PipelineStage.Probation, second.Stages.Select(s => s.Stage));
        Assert.Equal(first.RunId, second.Evaluation!.ChampionVersion);
        var history = await deployer.GetHistoryAsync("churn");
        Assert.Equal((first.RunId, PointerAction.Rollback), (history[2].Version, history[2].Action));
        Assert.StartsWith("probation:", history[2].RunId, StringComparison.Ordinal);
    }

    private static ModelSpec WithApproval(double timeoutHours, ApprovalTimeoutPolicy onTimeout) =>
        PipelineHarness.Spec() with { Approval = new ApprovalSpec { Required = true, TimeoutHours = timeoutHours, OnTimeout = onTimeout } };

    private static async Task<RunProgress> WaitForApprovalAsync(PipelineHarness harness, string instanceId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var instance = await harness.Engine.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance?.ReadCustomStatusAs<RunProgress>() is { Stage: PipelineStage.Approve, CandidateVersion: not null } progress)
            {
                Assert.StartsWith("awaiting approval", progress.Detail, StringComparison.Ordinal);
                return progress;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The run never started waiting for approval.");
    }

    private static string FlipLabels(string csv, double fraction, int seed)
    {
        var random = new Random(seed);
        var lines = csv.TrimEnd('\n').Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (random.NextDouble() < fraction)
            {
                var fields = lines[i].Split(',');
                fields[3] = fields[3] == "yes" ? "no" : "yes";
                lines[i] = string.Join(',', fields);
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    private static async Task<byte[]> ReadAllBytesAsync(IArtifactStore store, string path)
    {
        await using var stream = await store.OpenReadAsync(path);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
