using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Reliability.Tests.Infrastructure;
using RetrainFunctions.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace RetrainFunctions.Reliability.Tests.Concurrency;

/// <summary>Many triggers at once on the in-process engine: one run at a time per model, nothing forgotten, models independent.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentTriggerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Starts_FiftyUploadsScheduleAndThreeHttpStarts_OneRunAtATimeEveryBatchOnceOtherModelInParallel()
    {
        var container = await azurite.CreateUniqueContainerAsync();
        await using var pipeline = await InProcessPipeline.StartAsync(azurite.CreateBlobServiceClient(), azurite.ConnectionString, container);
        var specs = new ModelSpecStore(pipeline.Store);
        await specs.SaveAsync(Datasets.Spec("alpha", TrainerKind.LbfgsLogisticRegression));
        await specs.SaveAsync(Datasets.Spec("beta", TrainerKind.LbfgsLogisticRegression));
        await pipeline.Store.WriteBytesAsync(ModelArtifacts.For("beta").Incoming.File("history.csv"), Datasets.Batch(0, 800, seed: 5), ArtifactWriteCondition.None);
        var contents = Enumerable.Range(0, 50).Select(i => Datasets.Batch(i, 40, seed: 3)).ToList();

        // 50 uploads, each followed by the start its blob trigger would make, while a schedule and 3 HTTP requests race them.
        var uploads = Task.Run(async () =>
        {
            for (var i = 0; i < contents.Count; i++)
            {
                await pipeline.Store.WriteBytesAsync(ModelArtifacts.For("alpha").Incoming.File($"upload-{i:00}.csv"), contents[i], ArtifactWriteCondition.None);
                await pipeline.Starter.StartAsync(new RetrainRequest("alpha", RunTrigger.NewData, RequestedBy: $"upload-{i:00}.csv"));
            }
        });
        Task[] others =
        [
            pipeline.Starter.StartAsync(new RetrainRequest("alpha", RunTrigger.Schedule)),
            .. Enumerable.Range(0, 3).Select(i => pipeline.Starter.StartAsync(new RetrainRequest("alpha", RunTrigger.Http, RequestedBy: $"http-{i}"))),
            pipeline.Starter.StartAsync(new RetrainRequest("beta", RunTrigger.Http)),
        ];
        await Task.WhenAll([uploads, .. others]);

        await pipeline.Starter.WaitForRunAsync(RetrainInstanceIds.For("alpha"), TimeSpan.FromMinutes(4));
        await pipeline.Starter.WaitForRunAsync(RetrainInstanceIds.For("beta"), TimeSpan.FromMinutes(2));

        // Nothing forgotten: without any further start, every upload was collected by some run, exactly once.
        await StoreInvariants.AssertEveryBatchIngestedExactlyOnceAsync(pipeline.Store, "alpha", contents.Select(Datasets.BatchId).ToList());
        var alphaRuns = await RecordsAsync(pipeline.Store, "alpha");
        Assert.True(alphaRuns.Count >= 2, $"{alphaRuns.Count} run(s)");
        for (var i = 1; i < alphaRuns.Count; i++)
        {
            Assert.True(alphaRuns[i - 1].CompletedAt <= alphaRuns[i].StartedAt, $"runs {alphaRuns[i - 1].RunId} and {alphaRuns[i].RunId} overlap");
        }

        Assert.Equal(50, alphaRuns.Sum(r => r.CollectedBatches?.Count ?? 0));
        Assert.Contains(alphaRuns, r => r.Outcome == RunOutcome.Deployed);
        var beta = Assert.Single(await RecordsAsync(pipeline.Store, "beta"));
        Assert.Equal(RunOutcome.Deployed, beta.Outcome);
        Assert.True(beta.StartedAt < alphaRuns[0].CompletedAt && alphaRuns[0].StartedAt < beta.CompletedAt, "the two models' first runs ran side by side");
        await StoreInvariants.AssertProductionCompleteAsync(pipeline.Store, "alpha");
        await StoreInvariants.AssertProductionCompleteAsync(pipeline.Store, "beta");
    }

    [Fact]
    public async Task DeployAsync_TwoPromotionsRace_ExactlyOneWinsOtherRecordedTenTimes()
    {
        var container = await azurite.CreateUniqueContainerAsync();
        await using var pipeline = await InProcessPipeline.StartAsync(azurite.CreateBlobServiceClient(), azurite.ConnectionString, container);
        await new ModelSpecStore(pipeline.Store).SaveAsync(Datasets.Spec("gamma", TrainerKind.LbfgsLogisticRegression));
        await pipeline.Store.WriteBytesAsync(ModelArtifacts.For("gamma").Incoming.File("w0.csv"), Datasets.Batch(0, 600), ArtifactWriteCondition.None);
        var first = await pipeline.RunAsync("gamma");
        Assert.True(first.Outcome == RunOutcome.Deployed, first.Reason);
        var deployer = pipeline.Services.GetRequiredService<ModelDeployer>();
        var template = Request(first);

        for (var round = 0; round < 10; round++)
        {
            var champion = (await deployer.GetProductionAsync("gamma"))!.Version;
            var results = await Task.WhenAll(
                Task.Run(() => deployer.DeployAsync(template with { RunId = $"race{round}-a", ExpectedChampionVersion = champion })),
                Task.Run(() => deployer.DeployAsync(template with { RunId = $"race{round}-b", ExpectedChampionVersion = champion })));

            var winner = Assert.Single(results, r => r.Deployed);
            var loser = Assert.Single(results, r => !r.Deployed);
            Assert.False(string.IsNullOrEmpty(loser.Reason));
            Assert.Equal(winner.Version, (await StoreInvariants.AssertProductionCompleteAsync(pipeline.Store, "gamma"))!.Version);
            Assert.True(await pipeline.Store.ExistsAsync(ModelArtifacts.For("gamma").Versions.Version(loser.Version).Manifest), "the loser is stored, restorable");
        }

        Assert.Equal(11, (await deployer.GetHistoryAsync("gamma")).Count);
    }

    private static DeployRequest Request(RunRecord record)
    {
        var evaluation = record.Evaluation!;
        var challenger = record.Candidates!.Single(c => c.Trainer == evaluation.Challenger);
        return new DeployRequest(
            record.Model, record.RunId, evaluation.ChallengerPath, challenger.Trainer, challenger.Parameters, evaluation.ChallengerMetrics,
            record.Snapshot!.Digest, record.SpecDigest!, record.RunId, record.StartedAt, ModelTask.BinaryClassification);
    }

    private static async Task<List<RunRecord>> RecordsAsync(IArtifactStore store, string model)
    {
        var records = new List<RunRecord>();
        foreach (var path in await StoreInvariants.ListAsync(store, ModelArtifacts.For(model).Runs.Prefix))
        {
            if (path.EndsWith("/record.json", StringComparison.Ordinal))
            {
                records.Add(await store.ReadJsonAsync<RunRecord>(path));
            }
        }

        return [.. records.OrderBy(r => r.StartedAt)];
    }
}
