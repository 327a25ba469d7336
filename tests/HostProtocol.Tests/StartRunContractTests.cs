using System.Net;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.HostProtocol.Tests.Infrastructure;

namespace RetrainFunctions.HostProtocol.Tests;

/// <summary>
/// One start-run contract on both hosts: the Functions app (<c>HttpStartRetrain</c>, driven through the host protocol)
/// and <c>retrain serve</c>'s API answer the same requests with the same status codes, the same set of headers and
/// bodies with the same JSON members of the same kinds (values differ only where the host does: URLs, ids, times).
/// </summary>
[Collection(HostProtocolCollection.Name)]
public sealed class StartRunContractTests(HostProtocolFixture fixture) : IAsyncLifetime
{
    /// <summary>Headers every response carries whatever it says, or that depend on the transfer.</summary>
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.Ordinal) { "date", "server", "transfer-encoding", "content-length" };

    private ServeApiHost? _serve;

    private ServeApiHost Serve => _serve ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _serve = await ServeApiHost.StartAsync(fixture);

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
    }

    [Fact]
    public async Task StartRun_NewThenWhileRunning_BothHostsAnswerAlike()
    {
        // Arrange: one model per host, so that each host starts its own run.
        await fixture.SaveSpecAsync("contract-functions");
        await fixture.SaveSpecAsync("contract-serve");

        // Act
        var (functionsNew, _) = await fixture.StartRunThroughFunctionsAsync("contract-functions");
        var serveNew = await Serve.StartRunAsync("contract-serve");
        var (functionsBusy, _) = await fixture.StartRunThroughFunctionsAsync("contract-functions");
        var serveBusy = await Serve.StartRunAsync("contract-serve");

        // Assert
        AssertAlike(functionsNew, serveNew, HttpStatusCode.Accepted);
        AssertAlike(functionsBusy, serveBusy, HttpStatusCode.Accepted);
        Assert.Equal(["instanceId:String", "kind:String", "model:String", "runId:String", "runtimeStatus:String", "statusUrl:String"], functionsNew.Shape());
        Assert.Equal(["Started", "Started", "Coalesced", "Coalesced"], new[] { functionsNew["kind"]!, serveNew["kind"]!, functionsBusy["kind"]!, serveBusy["kind"]! });
        Assert.Equal(RetrainInstanceIds.FollowUpRunId(serveNew["runId"]!), serveBusy["runId"]);
        Assert.Equal(RetrainInstanceIds.FollowUpRunId(functionsNew["runId"]!), functionsBusy["runId"]);
        Assert.Equal(new Uri(Serve.Http.BaseAddress!, "api/models/contract-serve/runs/retrain-contract-serve/status").ToString(), serveNew.Headers["location"]);
    }

    [Fact]
    public async Task StartRun_InvalidModelName_BothHostsAnswerTheSameProblem()
    {
        // Act
        var (functions, _) = await fixture.StartRunThroughFunctionsAsync("Bad_Name");
        var serve = await Serve.StartRunAsync("Bad_Name");

        // Assert
        AssertAlike(functions, serve, HttpStatusCode.BadRequest);
        Assert.Equal(functions["detail"], serve["detail"]);
        Assert.Equal("model", serve["field"]);
    }

    private static void AssertAlike(StartRunCall functions, StartRunCall serve, HttpStatusCode expected)
    {
        Assert.True(functions.Status == expected, $"Functions: {functions}");
        Assert.True(serve.Status == expected, $"serve: {serve}");
        Assert.Equal(functions.ContentType, serve.ContentType);
        Assert.Equal(HeaderNames(functions), HeaderNames(serve));
        Assert.Equal(functions.Shape(), serve.Shape());
    }

    private static List<string> HeaderNames(StartRunCall call) =>
        call.Headers.Keys.Where(h => !TransportHeaders.Contains(h)).Order(StringComparer.Ordinal).ToList();
}
