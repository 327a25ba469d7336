using System.Text.Json;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using RetrainFunctions.HostProtocol.Tests.Infrastructure;

namespace RetrainFunctions.HostProtocol.Tests;

/// <summary>The handshake the host makes with a new worker: init, worker indexing, one load per function.</summary>
[Collection(HostProtocolCollection.Name)]
public sealed class WorkerStartupTests(HostProtocolFixture fixture)
{
    [Fact]
    public void Init_Succeeds_AndAdvertisesTheAspNetCoreHttpEndpoint()
    {
        // Assert
        Assert.Equal(StatusResult.Types.Status.Success, fixture.Host.Init.Result.Status);
        Assert.True(fixture.Host.Init.Capabilities.ContainsKey("HttpUri"), string.Join(", ", fixture.Host.Init.Capabilities.Keys));
        Assert.Equal(Uri.UriSchemeHttp, fixture.Host.HttpUri.Scheme);
        Assert.Contains(".NET", fixture.Host.Init.WorkerMetadata.RuntimeName, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_IndexesEveryFunctionOfTheBuiltApp()
    {
        // Arrange: the function names the Functions SDK wrote into functions.metadata at build time.
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostProtocolFixture.AppDirectory, "functions.metadata")));
        var built = document.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();

        // Assert
        Assert.Equal(34, built.Count); // 11 activities, the orchestrator, 3 triggers (timer, blob, Event Grid) and 19 HTTP routes (3 of them the dashboard's monitoring routes)
        Assert.Equal(built, fixture.Host.Functions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_EveryFunction_Succeeds()
    {
        // Assert
        Assert.Equal(fixture.Host.Functions.Count, fixture.Host.Loads.Count);
        Assert.All(fixture.Host.Loads, load => Assert.True(
            load.Value.Result.Status == StatusResult.Types.Status.Success,
            $"{load.Key}: {load.Value.Result.Status} {load.Value.Result.Exception?.Message}"));
    }
}
