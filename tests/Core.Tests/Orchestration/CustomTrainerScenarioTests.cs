using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Training;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Orchestration;

/// <summary>A trainer from outside RetrainFunctions, added with one registration, on the real pipeline and engine.</summary>
public sealed class CustomTrainerScenarioTests
{
    [Fact]
    public async Task RunAsync_TrainerRegisteredWithOneLine_CompetesAndIsDeployedWhenAlone()
    {
        // Arrange: the only change to the host is the one registration line.
        await using var harness = await PipelineHarness.StartAsync(configure: services => services.AddRetrainTrainer<SgdTrainerPlugin>());
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Trainers = [SgdTrainerPlugin.Name] });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert: it trained, was scored, chosen and deployed, and its own parameters are in the lineage.
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        var candidate = Assert.Single(record.Candidates!);
        Assert.Equal(SgdTrainerPlugin.Name, candidate.Trainer);
        Assert.Equal("SgdCalibrated", candidate.Trainer.Name);
        Assert.Equal("30", candidate.Parameters["NumberOfIterations"]);
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.Auc] > 0.8, $"AUC {candidate.ValidationMetrics[EvaluationMetric.Auc]}");
        Assert.Equal(SgdTrainerPlugin.Name, record.Evaluation!.Challenger);
        var version = await harness.Store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For("churn").Versions.Version(record.RunId).Manifest);
        Assert.Equal("SgdCalibrated", version.Trainer.Name);
    }

    [Fact]
    public async Task RunAsync_RegisteredTrainerBesideBuiltIn_BothAreCandidates()
    {
        // Arrange
        await using var harness = await PipelineHarness.StartAsync(configure: services => services.AddRetrainTrainer<SgdTrainerPlugin>());
        await harness.SaveSpecAsync(PipelineHarness.Spec() with { Trainers = [TrainerKind.LbfgsLogisticRegression, SgdTrainerPlugin.Name] });
        await harness.UploadAsync("churn", "week-0.csv", PipelineHarness.Batch(0, 600));

        // Act
        var record = await harness.RunAsync("churn");

        // Assert
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal([TrainerKind.LbfgsLogisticRegression, SgdTrainerPlugin.Name], record.Candidates!.Select(c => c.Trainer));
        Assert.Empty(record.FailedCandidates ?? []);
    }

    [Fact]
    public async Task SaveSpecAsync_TrainerNotRegistered_FailsListingTheRegisteredNames()
    {
        // Arrange: a host without the registration.
        await using var harness = await PipelineHarness.StartAsync();

        // Act
        var ex = await Assert.ThrowsAsync<ModelSpecException>(() => harness.SaveSpecAsync(PipelineHarness.Spec() with { Trainers = [SgdTrainerPlugin.Name] }));

        // Assert
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(
            "trainers[0]: 'SgdCalibrated' is not a registered trainer; allowed for BinaryClassification: LightGbm, FastTree, FastForest, LbfgsLogisticRegression, Sdca, Ensemble"
            + " (registered: LightGbm, FastTree, FastForest, LbfgsLogisticRegression, LbfgsMaximumEntropy, Sdca, Ensemble).",
            problem);
    }
}
