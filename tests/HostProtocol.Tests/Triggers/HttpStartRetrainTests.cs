using System.Net;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.HostProtocol.Tests.Infrastructure;

namespace RetrainFunctions.HostProtocol.Tests.Triggers;

/// <summary>
/// <c>HttpStartRetrain</c> invoked as the host invokes it under the ASP.NET Core integration: an
/// <see cref="InvocationRequest"/> plus the real HTTP request forwarded to the worker, with <c>[DurableClient]</c> on
/// the task hub's gRPC endpoint. Instances stay in progress (the fixture holds them).
/// </summary>
[Collection(HostProtocolCollection.Name)]
public sealed class HttpStartRetrainTests(HostProtocolFixture fixture)
{
    [Fact]
    public async Task Start_NewModel_202WithLocationRetryAfterAndTheRunIdTheInstanceRuns()
    {
        // Arrange
        const string Model = "http-new";
        await fixture.SaveSpecAsync(Model);

        // Act
        var (call, invocation) = await StartAsync(Model);

        // Assert
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Result.Status);
        Assert.True(call.Status == HttpStatusCode.Accepted, call.ToString());
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal($"http://localhost:7071/api/models/{Model}/runs/retrain-{Model}/status", call["statusUrl"]);
        Assert.Equal(call["statusUrl"], call.Headers["location"]);
        Assert.Equal("5", call.Headers["retry-after"]);
        Assert.Equal("Started", call["kind"]);
        Assert.Contains(call["runtimeStatus"], new[] { "Pending", "Running" });
        Assert.Equal($"retrain-{Model}", call["instanceId"]);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", call["runId"]);
        var instance = await fixture.Durable.GetInstanceAsync($"retrain-{Model}", getInputsAndOutputs: true);
        Assert.NotNull(instance);
        var input = instance.ReadInputAs<RetrainRequest>();
        Assert.Equal(call["runId"], input?.RunId);
        Assert.Equal(RunTrigger.Http, input?.Trigger);
        Assert.DoesNotContain(HostProtocolFixture.SystemKey, call.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("code=", call.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhileARunIsInProgress_202NamingTheInstanceAndTheRunThatWillCoverTheRequest()
    {
        // Arrange: the first request starts the run; nothing executes it, so it stays in progress.
        const string Model = "http-busy";
        await fixture.SaveSpecAsync(Model);
        var (first, _) = await StartAsync(Model);

        // Act
        var (second, invocation) = await StartAsync(Model);

        // Assert
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Result.Status);
        Assert.True(second.Status == HttpStatusCode.Accepted, second.ToString());
        Assert.True(second["kind"] == "Coalesced", $"{second}{Environment.NewLine}{fixture.Host.Diagnostics()}");
        Assert.Equal($"retrain-{Model}", second["instanceId"]);
        Assert.Equal(RetrainInstanceIds.FollowUpRunId(first["runId"]!), second["runId"]);
        Assert.Equal(second["statusUrl"], second.Headers["location"]);
        Assert.EndsWith($"/api/models/{Model}/runs/retrain-{Model}/status", second.Headers["location"], StringComparison.Ordinal);
        Assert.Equal("5", second.Headers["retry-after"]);
        Assert.DoesNotContain(HostProtocolFixture.SystemKey, second.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Not_Valid")]
    [InlineData("9lives")]
    public async Task Start_InvalidModelName_400ProblemJsonNamingTheField(string model)
    {
        // Act
        var (call, invocation) = await StartAsync(model);

        // Assert
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Result.Status);
        Assert.True(call.Status == HttpStatusCode.BadRequest, call.ToString());
        Assert.Equal("application/problem+json", call.ContentType);
        Assert.Equal(400, call.Body["status"]?.GetValue<int>());
        Assert.Equal("model", call["field"]);
        Assert.StartsWith("Invalid model name: ", call["detail"], StringComparison.Ordinal);
        Assert.False(call.Headers.ContainsKey("location"));
        Assert.DoesNotContain("   at ", call.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithTheCallersOwnKey_StatusUrlCarriesThatKeyAndNoOther()
    {
        // Arrange
        const string Model = "http-keyed";
        await fixture.SaveSpecAsync(Model);

        // Act
        var (call, _) = await StartAsync(Model, "?code=caller-key");

        // Assert
        Assert.True(call.Status == HttpStatusCode.Accepted, call.ToString());
        Assert.Equal($"http://localhost:7071/api/models/{Model}/runs/retrain-{Model}/status?code=caller-key", call.Headers["location"]);
        Assert.DoesNotContain(HostProtocolFixture.SystemKey, call.ToString(), StringComparison.Ordinal);
    }

    private Task<(StartRunCall Call, InvocationResponse Invocation)> StartAsync(string model, string query = "") =>
        fixture.StartRunThroughFunctionsAsync(model, query);
}
