using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Reliability.Tests.Infrastructure;
using RetrainFunctions.Tests.Shared;

namespace RetrainFunctions.Reliability.Tests.Faults;

/// <summary>Injected 500/503 answers and stalls past the network timeout, recovered by the storage client or the activity retry policy.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TransientStorageFaultTests(AzuriteFixture azurite)
{
    private const string Model = "churn";

    [Fact]
    public async Task Run_FifteenPercentErrorsThreePercentStalls_StorageClientRetriesAndRunDeploys()
    {
        var faults = new StorageFaultPolicy(seed: 42, errorShare: 0.15, stallShare: 0.03, stall: TimeSpan.FromSeconds(3));
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 8;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
        options.AddPolicy(faults, HttpPipelinePosition.BeforeTransport);
        var (pipeline, ids) = await ArrangeAsync(azurite.CreateBlobServiceClient(options));
        await using var _ = pipeline;

        var record = await pipeline.RunAsync(Model);

        Assert.True(record.Outcome == RunOutcome.Deployed, $"{record.Outcome}: {record.Reason}\n{record.Error}");
        Assert.True(faults.Errors >= 10, $"{faults.Errors} errors injected in {faults.Requests} requests");
        Assert.True(faults.Stalls >= 1, $"{faults.Stalls} stalls injected in {faults.Requests} requests");
        Assert.Equal(record.RunId, (await StoreInvariants.AssertProductionCompleteAsync(pipeline.Store, Model))?.Version);
        await StoreInvariants.AssertEveryBatchIngestedExactlyOnceAsync(pipeline.Store, Model, ids);
    }

    [Fact]
    public async Task Run_DeployWritesFailWithoutClientRetries_ActivityRetryPolicyRecovers()
    {
        // No client retries: the first write of model.zip and of production.json each fail the DeployModel activity.
        var failedOnce = new ConcurrentDictionary<string, byte>();
        var faults = new StorageFaultPolicy(seed: 1, errorShare: 1.0, stallShare: 0, stall: TimeSpan.Zero)
        {
            Select = (method, path) => method == RequestMethod.Put
                && (path.EndsWith("/model.zip", StringComparison.Ordinal) || path.EndsWith("/production.json", StringComparison.Ordinal))
                && failedOnce.TryAdd(path, 0),
        };
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(faults, HttpPipelinePosition.BeforeTransport);
        var (pipeline, ids) = await ArrangeAsync(azurite.CreateBlobServiceClient(options));
        await using var _ = pipeline;

        var record = await pipeline.RunAsync(Model);

        Assert.True(record.Outcome == RunOutcome.Deployed, $"{record.Outcome}: {record.Reason}\n{record.Error}");
        Assert.Equal(2, faults.Errors);
        var deploy = record.Stages.Single(s => s.Stage == PipelineStage.Deploy);
        Assert.True(deploy.Duration >= TimeSpan.FromSeconds(2.5), $"two activity retries wait 1 s + 2 s; the stage took {deploy.Duration}");
        var pointer = await StoreInvariants.AssertProductionCompleteAsync(pipeline.Store, Model);
        Assert.Equal((record.RunId, 1L), (pointer?.Version, pointer?.Sequence ?? 0));
        await StoreInvariants.AssertEveryBatchIngestedExactlyOnceAsync(pipeline.Store, Model, ids);
    }

    private async Task<(InProcessPipeline Pipeline, List<string> Ids)> ArrangeAsync(BlobServiceClient faultyClient)
    {
        var container = await azurite.CreateUniqueContainerAsync();
        var clean = new AzureBlobArtifactStore(azurite.CreateBlobServiceClient(), container);
        await new ModelSpecStore(clean).SaveAsync(Datasets.Spec(Model, TrainerKind.LbfgsLogisticRegression));
        byte[][] contents = [Datasets.Batch(0, 600), Datasets.Batch(1, 600), Datasets.Unlabeled(2, 200)];
        for (var i = 0; i < contents.Length; i++)
        {
            await clean.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File($"week-{i}.csv"), contents[i], ArtifactWriteCondition.None);
        }

        var pipeline = await InProcessPipeline.StartAsync(faultyClient, azurite.ConnectionString, container);
        return (pipeline, contents.Select(Datasets.BatchId).ToList());
    }
}
