using Microsoft.Extensions.Logging.Abstractions;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Policies;

public sealed class RetrainDeciderTests : IDisposable
{
    private const string NoPolicyReason = "Retrain: the spec has no policy, so every trigger runs the pipeline.";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task DecideAsync_RunSpecGiven_DecidesUnderTheRunsSpecNotTheSpecEditedSince()
    {
        // Arrange: the run started under a spec without a policy; someone has since added one.
        var runSpec = new ModelSpecBuilder().Build();
        await SaveCurrentSpecAsync(runSpec with { Policy = new PolicySpec { MinNewLabels = 1_000 } });

        // Act
        var decision = await Decider().DecideAsync(new DecideRetrainRequest("churn", "run-2", At, [], Spec: runSpec));

        // Assert
        Assert.Equal((RetrainVerdict.Retrain, NoPolicyReason), (decision.Verdict, decision.Reason));
    }

    [Fact]
    public async Task DecideAsync_NoRunSpec_Version1Request_ReadsTheCurrentSpec()
    {
        // Arrange: instances started on orchestrator version 1 pass no spec.
        await SaveCurrentSpecAsync(new ModelSpecBuilder().Build() with { Policy = new PolicySpec { MinNewLabels = 1_000 } });

        // Act
        var decision = await Decider().DecideAsync(new DecideRetrainRequest("churn", "run-1", At, []));

        // Assert
        Assert.NotEqual(NoPolicyReason, decision.Reason);
    }

    [Fact]
    public async Task DecideAsync_ProductionDeployed_DetectorWatchesItsVersion()
    {
        // Arrange: production v7 serves; the policy has a performance trigger.
        var spec = new ModelSpecBuilder().Build() with { Policy = new PolicySpec { Performance = new PerformanceTriggerSpec { Detector = ChangeDetectorKind.PageHinkley } } };
        await _store.Store.WriteJsonAsync(ModelArtifacts.For("churn").Deployment.Production, new ProductionPointer("churn", "v7", null, 1, At, "run-0", default), ArtifactWriteCondition.IfNotExists);

        // Act
        var decision = await Decider().DecideAsync(new DecideRetrainRequest("churn", "run-1", At, [], Spec: spec));

        // Assert: the detector's record is v7's, so a rejected retrain keeps it and v8's first decision starts a new one.
        Assert.Equal("v7", decision.State.DetectorVersion);
    }

    private Task SaveCurrentSpecAsync(ModelSpec spec) => new ModelSpecStore(_store.Store, TrainerRegistry.BuiltIn).SaveAsync(spec);

    private RetrainDecider Decider() =>
        new(_store.Store, new ModelSpecStore(_store.Store, TrainerRegistry.BuiltIn), new RowScorer(_store.Store), NullLogger<RetrainDecider>.Instance);
}
