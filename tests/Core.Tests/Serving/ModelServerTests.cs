using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Serving;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;

namespace RetrainFunctions.Core.Tests.Serving;

public sealed class ModelServerTests(ServedModelsFixture models) : IClassFixture<ServedModelsFixture>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(Stages.Now);
    private readonly FakeLogger<ModelServer> _logger = new();

    [Fact]
    public async Task GetProductionAsync_PointerFlipped_SwapsOnlyAfterTheCheckInterval()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var spec = models.BinarySpec;
        await PublishAsync(store, spec, "v1", models.BinaryA);
        await PublishAsync(store, spec, "v2", models.BinaryB);
        await PointAsync(store, spec.Name, "v1");
        var server = Server(store);
        var first = await server.GetProductionAsync(spec.Name);
        await PointAsync(store, spec.Name, "v2");

        // Act
        var beforeInterval = await server.GetProductionAsync(spec.Name);
        _time.Advance(Interval);
        var atInterval = await server.GetProductionAsync(spec.Name);
        var after = await EventuallyAsync(server, spec.Name, "v2");

        // Assert
        Assert.Equal("v1", first!.Version);
        Assert.Same(first, beforeInterval);
        Assert.Same(first, atInterval);
        Assert.Equal("v2", after.Version);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4001);
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("v1/../../secrets")]
    public async Task GetProductionAsync_PointerNamingAPathLikeVersion_RefusesToLoadAnythingOutsideTheStore(string version)
    {
        // Arrange: a tampered pointer; models load only through ModelArtifacts paths from the configured store.
        var store = new InMemoryArtifactStore();
        var spec = models.BinarySpec;
        await PublishAsync(store, spec, "v1", models.BinaryA);
        await PointAsync(store, spec.Name, version);
        var server = Server(store);

        // Act
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => server.GetProductionAsync(spec.Name));

        // Assert
        Assert.Contains("Invalid artifact id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProductionAsync_FlipBackToALoadedVersion_ReusesItsSnapshot()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var spec = models.BinarySpec;
        await PublishAsync(store, spec, "v1", models.BinaryA);
        await PublishAsync(store, spec, "v2", models.BinaryB);
        await PointAsync(store, spec.Name, "v1");
        var server = Server(store);
        var v1 = await server.GetProductionAsync(spec.Name);
        await PointAsync(store, spec.Name, "v2");
        _time.Advance(Interval);
        await server.GetProductionAsync(spec.Name);
        await EventuallyAsync(server, spec.Name, "v2");

        // Act
        await PointAsync(store, spec.Name, "v1");
        _time.Advance(Interval);
        await server.GetProductionAsync(spec.Name);
        var again = await EventuallyAsync(server, spec.Name, "v1");

        // Assert
        Assert.Same(v1, again);
    }

    [Fact]
    public async Task GetProductionAsync_ModelBytesDoNotMatchSha_ThrowsAndNeverServes()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var spec = models.BinarySpec;
        await PublishAsync(store, spec, "v1", models.BinaryA, shaOf: models.BinaryB);
        await PointAsync(store, spec.Name, "v1");

        // Act
        var error = await Assert.ThrowsAsync<ModelIntegrityException>(() => Server(store).GetProductionAsync(spec.Name));

        // Assert
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProductionAsync_NewVersionCorrupt_KeepsServingTheOldAndLogsTheFailure()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var spec = models.BinarySpec;
        await PublishAsync(store, spec, "v1", models.BinaryA);
        await PublishAsync(store, spec, "v2", models.BinaryB, shaOf: models.BinaryA);
        await PointAsync(store, spec.Name, "v1");
        var server = Server(store);
        await server.GetProductionAsync(spec.Name);
        await PointAsync(store, spec.Name, "v2");
        _time.Advance(Interval);

        // Act
        await server.GetProductionAsync(spec.Name);
        var logged = await EventuallyLoggedAsync(4002);
        var served = await server.GetProductionAsync(spec.Name);

        // Assert
        Assert.IsType<ModelIntegrityException>(logged.Exception);
        Assert.Equal("v1", served!.Version);
    }

    [Fact]
    public async Task GetProductionAsync_NoPointer_ReturnsNull()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        await new ModelSpecStore(store).SaveAsync(models.BinarySpec);

        // Act
        var served = await Server(store).GetProductionAsync(models.BinarySpec.Name);

        // Assert
        Assert.Null(served);
    }

    [Fact]
    public async Task GetProductionAsync_NoSpec_ThrowsModelSpecException()
    {
        // Act + Assert
        await Assert.ThrowsAsync<ModelSpecException>(() => Server(new InMemoryArtifactStore()).GetProductionAsync("no-such-model"));
    }

    [Fact]
    public async Task TryPredict_Multiclass_AnswersClassNameAndScoresByClass()
    {
        // Arrange
        var served = await ServeAsync(models.MulticlassSpec, models.Multiclass);

        // Act
        var problem = served.TryPredict(Body(models.MulticlassSpec, 3), 10, out var result);

        // Assert
        Assert.Null(problem);
        Assert.Equal(3, result!.Predictions.Count);
        foreach (var prediction in result.Predictions)
        {
            var label = Assert.IsType<string>(prediction.PredictedLabel);
            Assert.Contains(label, new[] { "cat", "dog", "bird" });
            Assert.Equal(["bird", "cat", "dog"], prediction.Scores!.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(1.0, prediction.Scores.Values.Sum(), 3);
            Assert.Equal(label, prediction.Scores.MaxBy(s => s.Value).Key);
        }
    }

    [Fact]
    public async Task TryPredict_Regression_AnswersAScoreOnly()
    {
        // Arrange
        var served = await ServeAsync(models.RegressionSpec, models.Regression);

        // Act
        var problem = served.TryPredict(Body(models.RegressionSpec, 2), 10, out var result);

        // Assert
        Assert.Null(problem);
        Assert.All(result!.Predictions, p =>
        {
            Assert.Null(p.PredictedLabel);
            Assert.Null(p.Probability);
            Assert.True(double.IsFinite(p.Score!.Value));
        });
    }

    [Fact]
    public async Task TryPredict_RowCountOverLimit_ProblemOnRows()
    {
        // Arrange
        var served = await ServeAsync(models.BinarySpec, models.BinaryA);

        // Act
        var problem = served.TryPredict(Body(models.BinarySpec, 3), 2, out var result);

        // Assert
        Assert.Equal("rows", problem!.Field);
        Assert.Null(result);
    }

    private static JsonElement Body(ModelSpec spec, int rows)
    {
        var row = spec.Features.ToDictionary(f => f.Name, f => f.Type == FeatureType.Numeric ? (object?)0.5 : "red");
        return JsonSerializer.SerializeToElement(new { rows = Enumerable.Repeat(row, rows) });
    }

    private static async Task PublishAsync(IArtifactStore store, ModelSpec spec, string version, byte[] zip, byte[]? shaOf = null)
    {
        await new ModelSpecStore(store).SaveAsync(spec);
        await store.WriteBytesAsync(ModelArtifacts.For(spec.Name).Versions.Version(version).Model, zip, ArtifactWriteCondition.None);
        var manifest = new ModelVersion(spec.Name, version, spec.Task, TrainerKind.LightGbm, new Dictionary<string, string>(), new Dictionary<EvaluationMetric, double>(),
            "snapshot", "spec", version, null, Convert.ToHexStringLower(SHA256.HashData(shaOf ?? zip)), Stages.Now);
        await store.WriteJsonAsync(ModelArtifacts.For(spec.Name).Versions.Version(version).Manifest, manifest, ArtifactWriteCondition.None);
    }

    private static Task PointAsync(IArtifactStore store, string model, string version) =>
        store.WriteJsonAsync(ModelArtifacts.For(model).Deployment.Production, new ProductionPointer(model, version, null, 1, Stages.Now, "test", PointerAction.Deploy), ArtifactWriteCondition.None);

    private static async Task<ServedModel> EventuallyAsync(ModelServer server, string model, string version)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (await server.GetProductionAsync(model) is { } served && served.Version == version)
            {
                return served;
            }

            await Task.Delay(10);
        }

        throw new Xunit.Sdk.XunitException($"Version {version} was not served within 5 s of the check.");
    }

    private async Task<ServedModel> ServeAsync(ModelSpec spec, byte[] zip)
    {
        var store = new InMemoryArtifactStore();
        await PublishAsync(store, spec, "v1", zip);
        await PointAsync(store, spec.Name, "v1");
        return (await Server(store).GetProductionAsync(spec.Name))!;
    }

    private async Task<FakeLogRecord> EventuallyLoggedAsync(int eventId)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (_logger.Collector.GetSnapshot().FirstOrDefault(r => r.Id.Id == eventId) is { } record)
            {
                return record;
            }

            await Task.Delay(10);
        }

        throw new Xunit.Sdk.XunitException($"Event {eventId} was not logged within 5 s.");
    }

    private ModelServer Server(IArtifactStore store) =>
        new(store, new ModelSpecStore(store), _time, Options.Create(new ServingOptions { PointerCheckInterval = Interval }), _logger);
}
