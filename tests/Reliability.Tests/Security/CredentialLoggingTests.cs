using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.LocalEngine;
using RetrainFunctions.Reliability.Tests.Infrastructure;
using RetrainFunctions.Tests.Shared;

namespace RetrainFunctions.Reliability.Tests.Security;

/// <summary>Credentials reach the store from configuration and never any log line, even at Trace level and on failures.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CredentialLoggingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Runs_ConnectionStringStoreTraceLogging_NoLogLineHoldsTheAccountKey()
    {
        // Arrange: every category, the Durable engine's included, at Trace; a run that deploys and one that fails.
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var container = await azurite.CreateUniqueContainerAsync();
        var store = new AzureBlobArtifactStore(azurite.CreateBlobServiceClient(), container);
        await new ModelSpecStore(store).SaveAsync(Datasets.Spec("churn", TrainerKind.LbfgsLogisticRegression));
        await store.WriteBytesAsync(ModelArtifacts.For("churn").Incoming.File("week-0.csv"), Datasets.Batch(0, 600), ArtifactWriteCondition.None);
        await using var pipeline = await InProcessPipeline.StartAsync(
            azurite.CreateBlobServiceClient(),
            azurite.ConnectionString,
            container,
            new LocalDurableEngineOptions { LoggerFactory = factory, FrameworkLogLevel = LogLevel.Trace },
            factory);

        // Act
        var deployed = await pipeline.RunAsync("churn");
        var failed = await pipeline.RunAsync("nospec");

        // Assert
        Assert.True(deployed.Outcome == RunOutcome.Deployed, deployed.Reason);
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        var records = provider.Collector.GetSnapshot();
        Assert.True(records.Count > 50, $"only {records.Count} log records were captured; the test would prove nothing");
        var accountKey = azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        Assert.DoesNotContain(records, r => Leaks(r, accountKey));
        Assert.DoesNotContain(records, r => Leaks(r, "AccountKey="));
    }

    private static bool Leaks(FakeLogRecord record, string secret) =>
        record.Message.Contains(secret, StringComparison.Ordinal)
        || (record.Exception?.ToString().Contains(secret, StringComparison.Ordinal) ?? false)
        || (record.StructuredState?.Any(p => p.Value?.Contains(secret, StringComparison.Ordinal) ?? false) ?? false);
}
