using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RetrainFunctions.Api.Tests;

[Collection(ServeCollection.Name)]
public sealed class ManagementApiTests(ServeFixture fixture)
{
    [Fact]
    public async Task ListModels_TrainedModel_ShowsTaskMetricAndProduction()
    {
        // Act
        var models = await GetJsonAsync("api/models");

        // Assert
        var model = Assert.Single(models.AsArray())!;
        Assert.Equal(fixture.Model, model["name"]!.GetValue<string>());
        Assert.Equal("BinaryClassification", model["task"]!.GetValue<string>());
        Assert.Equal("LogLoss", model["metric"]!.GetValue<string>());
        Assert.Contains(model["production"]!["version"]!.GetValue<string>(), new[] { fixture.FirstVersion, fixture.SecondVersion });
    }

    [Fact]
    public async Task GetModel_Known_ReturnsSpecPointerAndProductionManifest()
    {
        // Act
        var model = await GetJsonAsync($"api/models/{fixture.Model}");

        // Assert
        Assert.Equal(fixture.Model, model["spec"]!["name"]!.GetValue<string>());
        Assert.Equal(64, model["specDigest"]!.GetValue<string>().Length);
        var version = model["production"]!["version"]!.GetValue<string>();
        Assert.Equal(version, model["productionVersion"]!["version"]!.GetValue<string>());
        Assert.Equal(64, model["productionVersion"]!["modelSha256"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task ListVersions_TwoDeployed_ReturnsBoth()
    {
        // Act
        var versions = await GetJsonAsync($"api/models/{fixture.Model}/versions");

        // Assert
        Assert.Equal(
            new[] { fixture.FirstVersion, fixture.SecondVersion }.Order(StringComparer.Ordinal),
            versions.AsArray().Select(v => v!["version"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetHistory_AfterDeployDeployRollback_ListsEveryChangeInOrder()
    {
        // Act
        var history = (await GetJsonAsync($"api/models/{fixture.Model}/history")).AsArray();

        // Assert
        Assert.True(history.Count >= 3, history.ToJsonString());
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(p => (int)p!["sequence"]!.GetValue<long>()));
        Assert.Equal(["Deploy", "Deploy", "Rollback"], history.Take(3).Select(p => p!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Runs_ListOneAndItsReports_RecordValidationEvaluationAndMissingDrift()
    {
        // Act
        var runs = (await GetJsonAsync($"api/models/{fixture.Model}/runs")).AsArray();
        var deployed = runs.First(r => r!["runId"]!.GetValue<string>() == fixture.FirstVersion)!;
        var record = await GetJsonAsync($"api/models/{fixture.Model}/runs/{fixture.FirstVersion}");
        var validation = await GetJsonAsync($"api/models/{fixture.Model}/runs/{fixture.FirstVersion}/validation");
        var evaluation = await GetJsonAsync($"api/models/{fixture.Model}/runs/{fixture.FirstVersion}/evaluation");
        using var drift = await fixture.Http.GetAsync($"api/models/{fixture.Model}/runs/{fixture.FirstVersion}/drift");

        // Assert
        Assert.Equal("Deployed", deployed["outcome"]!.GetValue<string>());
        Assert.Equal(fixture.FirstVersion, record["runId"]!.GetValue<string>());
        Assert.Equal("Deployed", record["outcome"]!.GetValue<string>());
        Assert.NotNull(validation.AsObject());
        Assert.NotNull(evaluation.AsObject());
        await PredictionApiTests.AssertProblemAsync(drift, 404, "runId", "drift report not written yet");
    }

    [Theory]
    [InlineData("api/models/no-such-model", 404, "model")]
    [InlineData("api/models/No_Such", 400, "model")]
    [InlineData("api/models/credit-default/runs/no-such-run", 404, "runId")]
    [InlineData("api/models/credit-default/runs/bad..id", 400, "runId")]
    [InlineData("api/models/credit-default/runs?take=0", 400, "take")]
    [InlineData("api/models/credit-default/runs/retrain-other/status", 404, "instanceId")]
    [InlineData("api/models/no-such-model/versions", 404, "model")]
    public async Task Get_BadRouteValue_ProblemNamesTheField(string path, int status, string field)
    {
        // Act
        using var response = await fixture.Http.GetAsync(path);

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, status, field, path);
    }

    [Fact]
    public async Task StartRun_NoNewData_202WithStatusUrlThatReportsTheSkippedRunWithNoStageInProgress()
    {
        // Act
        using var response = await fixture.Http.PostAsync($"api/models/{fixture.Model}/runs", content: null);
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var statusUrl = accepted["statusUrl"]!.GetValue<string>();
        JsonNode status;
        var waited = Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            status = await GetJsonAsync(statusUrl);
        }
        while (status["runtimeStatus"]!.GetValue<string>() != "Completed" && waited.Elapsed < TimeSpan.FromSeconds(60));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(statusUrl, response.Headers.Location?.ToString());
        Assert.Equal($"retrain-{fixture.Model}", accepted["instanceId"]!.GetValue<string>());
        Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("Skipped", status["record"]!["outcome"]!.GetValue<string>());
        Assert.True(status["progress"] is null, $"a finished run still names a stage in progress: {status["progress"]?.ToJsonString()}");
    }

    [Fact]
    public async Task Approval_NoRunWaiting_409()
    {
        // Arrange
        var decision = new { candidateVersion = fixture.SecondVersion, evaluationDigest = new string('0', 64), approved = true, by = "tests" };

        // Act
        using var response = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/approval", decision);

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, 409, null!, "no run waiting");
    }

    [Fact]
    public async Task Approval_RunWaitingInAnotherProcess_WrongBindingsRefusedRightOneFiledInTheStore()
    {
        // Arrange: a wait published in the store by another process's run (alive for a minute).
        var approvals = new Core.Approval.ApprovalStore(fixture.Store, TimeProvider.System);
        const string candidate = "20260301T000000Z-a1b2c3d4";
        var digest = new string('a', 64);
        var now = TimeProvider.System.GetUtcNow();
        await approvals.PublishAsync(new Core.Approval.PendingApproval(fixture.Model, candidate, digest, now.AddHours(1), "retrain process 1 on elsewhere", now.AddMinutes(1)));
        try
        {
            // Act
            using var wrongDigest = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/approval", new { candidateVersion = candidate, evaluationDigest = new string('0', 64), approved = true, by = "mallory" });
            using var wrongCandidate = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/approval", new { candidateVersion = "20200101T000000Z-00000000", evaluationDigest = digest, approved = true, by = "mallory" });
            var filedAfterRefusals = await approvals.FindDecisionAsync(fixture.Model, candidate);
            using var accepted = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/approval", new { candidateVersion = candidate, evaluationDigest = digest, approved = false, by = "alice", reason = "no" });

            // Assert
            await PredictionApiTests.AssertProblemAsync(wrongDigest, 422, "evaluationDigest", "wrong digest");
            await PredictionApiTests.AssertProblemAsync(wrongCandidate, 404, "candidateVersion", "unknown candidate");
            Assert.Null(filedAfterRefusals);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var filed = await approvals.FindDecisionAsync(fixture.Model, candidate);
            Assert.Equal((false, "alice"), (filed!.Approved, filed.By));
        }
        finally
        {
            await approvals.WithdrawAsync(fixture.Model, candidate);
            await fixture.Store.DeleteAsync(Core.Storage.ModelArtifacts.For(fixture.Model).Approvals.Decision(candidate));
        }
    }

    [Theory]
    [InlineData("""{"candidateVersion":"v","evaluationDigest":"d","approved":true}""", "by")]
    [InlineData("""{"candidateVersion":"v","evaluationDigest":"d","by":"me"}""", "approved")]
    [InlineData("""{"model":"other-model","candidateVersion":"v","evaluationDigest":"d","approved":true,"by":"me"}""", "model")]
    public async Task Approval_InvalidDecision_400NamesTheField(string body, string field)
    {
        // Act
        using var response = await fixture.Http.PostAsync($"api/models/{fixture.Model}/approval", new StringContent(body, Encoding.UTF8, "application/json"));

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, 400, field, body);
    }

    [Fact]
    public async Task Rollback_DefaultVersion_RestoresThePreviousAndRecordsWho()
    {
        // Arrange
        var probe = ServeFixture.Body(Benchmarks.Serving.ServingSample.Rows(1));
        await fixture.PinAsync(fixture.SecondVersion, probe);

        // Act
        using var response = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/rollback", new { by = "alice" });
        var pointer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.FirstVersion, pointer["version"]!.GetValue<string>());
        Assert.Equal(fixture.SecondVersion, pointer["previousVersion"]!.GetValue<string>());
        Assert.Equal("alice", pointer["by"]!.GetValue<string>());
        Assert.StartsWith("rollback-", pointer["runId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Rollback", pointer["action"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"version":"no-such-version","by":"me"}""", 404, "version")]
    [InlineData("""{"version":"a/b","by":"me"}""", 400, "version")]
    [InlineData("""{"version":"x"}""", 400, "by")]
    [InlineData("""[]""", 400, "$")]
    public async Task Rollback_BadRequest_ProblemNamesTheField(string body, int status, string field)
    {
        // Act
        using var response = await fixture.Http.PostAsync($"api/models/{fixture.Model}/rollback", new StringContent(body, Encoding.UTF8, "application/json"));

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, status, field, body);
    }

    [Fact]
    public async Task Rollback_ToTheVersionInProduction_409()
    {
        // Arrange
        var production = (await GetJsonAsync($"api/models/{fixture.Model}"))["production"]!["version"]!.GetValue<string>();

        // Act
        using var response = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/rollback", new { version = production, by = "me" });

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, 409, "version", "already in production");
    }

    [Fact]
    public async Task OpenApi_DescribesEveryMappedApiRouteAndMethod()
    {
        // Arrange: the routes the serve host really maps.
        var mapped = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => (Path: e.RoutePattern.RawText!.TrimEnd('/'), Method: m.ToLowerInvariant())))
            .ToList();

        // Act
        var document = await GetJsonAsync("api/openapi.json");

        // Assert
        Assert.Equal("3.0.3", document["openapi"]!.GetValue<string>());
        Assert.True(mapped.Count >= 16, $"only {mapped.Count} routes mapped");
        foreach (var (path, method) in mapped)
        {
            Assert.True(document["paths"]![path]?[method] is not null, $"{method.ToUpperInvariant()} {path} is mapped but not in openapi.json");
        }
    }

    [Fact]
    public async Task Dashboard_ServedAtBothAddresses_IsOneSelfContainedPage()
    {
        // Act
        var page = await fixture.Http.GetStringAsync("dashboard");
        var root = await fixture.Http.GetStringAsync("/");

        // Assert
        Assert.Equal(page, root);
        Assert.Contains("/api/models", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
