using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RetrainFunctions.Benchmarks.Serving;

namespace RetrainFunctions.Api.Tests;

[Collection(ServeCollection.Name)]
public sealed class PredictionApiTests(ServeFixture fixture)
{
    private static readonly IReadOnlyList<Dictionary<string, object?>> Rows = ServingSample.Rows(100);

    [Fact]
    public async Task Predict_SingleRow_ReturnsProductionVersionAndItsProbability()
    {
        // Arrange
        var probe = ServeFixture.Body(Rows.Take(1));
        await fixture.PinAsync(fixture.FirstVersion, probe);
        var expected = await fixture.ExpectedProbabilitiesAsync(fixture.FirstVersion, [.. Rows.Take(1)]);

        // Act
        var response = await fixture.PredictAsync(probe);

        // Assert
        Assert.Equal(fixture.Model, response["model"]!.GetValue<string>());
        Assert.Equal(fixture.FirstVersion, response["version"]!.GetValue<string>());
        Assert.Equal("BinaryClassification", response["task"]!.GetValue<string>());
        var prediction = Assert.Single(response["predictions"]!.AsArray())!;
        Assert.Equal(expected[0], prediction["probability"]!.GetValue<double>(), 5);
        Assert.IsType<bool>(prediction["predictedLabel"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Predict_HundredRows_ScoresEveryRowWithOneVersion()
    {
        // Arrange
        var body = ServeFixture.Body(Rows);
        await fixture.PinAsync(fixture.SecondVersion, body);
        var expected = await fixture.ExpectedProbabilitiesAsync(fixture.SecondVersion, Rows);

        // Act
        var response = await fixture.PredictAsync(body);

        // Assert
        Assert.Equal(fixture.SecondVersion, response["version"]!.GetValue<string>());
        var probabilities = response["predictions"]!.AsArray().Select(p => p!["probability"]!.GetValue<double>()).ToArray();
        Assert.Equal(100, probabilities.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], probabilities[i], 5);
        }

        await fixture.PinAsync(fixture.FirstVersion, body);
    }

    [Fact]
    public async Task Predict_PointerFlippedDuringConcurrentRequests_NoFailuresAndEachResponseMatchesItsVersion()
    {
        // Arrange: what each version answers, computed independently of the server.
        var rows = Rows.Take(20).ToList();
        var body = ServeFixture.Body(rows).ToJsonString();
        var expected = new Dictionary<string, float[]>
        {
            [fixture.FirstVersion] = await fixture.ExpectedProbabilitiesAsync(fixture.FirstVersion, rows),
            [fixture.SecondVersion] = await fixture.ExpectedProbabilitiesAsync(fixture.SecondVersion, rows),
        };
        Assert.NotEqual(expected[fixture.FirstVersion], expected[fixture.SecondVersion]);
        await fixture.PinAsync(fixture.FirstVersion, ServeFixture.Body(rows));
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));

        // Act: 4 request loops while production flips between the two versions every 150 ms.
        async Task LoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await fixture.Http.PostAsync($"api/models/{fixture.Model}/predict", new StringContent(body, Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {text}");
                    continue;
                }

                var json = JsonNode.Parse(text)!;
                var version = json["version"]!.GetValue<string>();
                seen.AddOrUpdate(version, 1, (_, n) => n + 1);
                if (!expected.TryGetValue(version, out var probabilities))
                {
                    failures.Enqueue($"unknown version {version}");
                    continue;
                }

                var got = json["predictions"]!.AsArray().Select(p => p!["probability"]!.GetValue<double>()).ToArray();
                if (got.Length != probabilities.Length || got.Where((p, i) => Math.Abs(p - probabilities[i]) > 1e-5).Any())
                {
                    failures.Enqueue($"response naming {version} holds scores of another version");
                }
            }
        }

        async Task FlipAsync()
        {
            var next = fixture.SecondVersion;
            while (!stop.IsCancellationRequested)
            {
                using var response = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/rollback", new { version = next, by = "swap-test" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                next = next == fixture.SecondVersion ? fixture.FirstVersion : fixture.SecondVersion;
                await Task.Delay(150);
            }
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(LoopAsync(), LoopAsync(), LoopAsync(), LoopAsync(), FlipAsync());

        // Assert
        Assert.Empty(failures);
        Assert.Equal(2, seen.Count);
        Assert.True(seen.Values.Sum() > 20, $"only {seen.Values.Sum()} requests in {clock.Elapsed}");
        await fixture.PinAsync(fixture.FirstVersion, ServeFixture.Body(rows));
    }

    public static TheoryData<string, string, string, int, string> BadRequests => new()
    {
        { "bad model name", "Bad_Model", """{"rows":[{}]}""", 400, "model" },
        { "unknown model", "no-such-model", """{"rows":[{}]}""", 404, "model" },
        { "not JSON", "credit-default", "{rows:", 400, "$" },
        { "no rows field", "credit-default", """{"row":[]}""", 400, "row" },
        { "rows not an array", "credit-default", """{"rows":{}}""", 400, "rows" },
        { "empty rows", "credit-default", """{"rows":[]}""", 400, "rows" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Predict_BadRequest_ProblemNamesTheField(string scenario, string model, string body, int status, string field)
    {
        // Act
        using var response = await fixture.Http.PostAsync($"api/models/{model}/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        // Assert
        await AssertProblemAsync(response, status, field, scenario);
    }

    [Theory]
    [InlineData("unknown column", "bogus", "1", "rows[0].bogus")]
    [InlineData("numeric as string", "income", "\"high\"", "rows[0].income")]
    [InlineData("categorical as number", "region", "3", "rows[0].region")]
    [InlineData("numeric as object", "age", "{}", "rows[0].age")]
    public async Task Predict_BadColumn_400NamesTheField(string scenario, string column, string json, string field)
    {
        // Arrange
        var row = System.Text.Json.JsonSerializer.SerializeToNode(Rows[0])!.AsObject();
        row[column] = JsonNode.Parse(json);

        // Act
        using var response = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/predict", new JsonObject { ["rows"] = new JsonArray(row) });

        // Assert
        await AssertProblemAsync(response, 400, field, scenario);
    }

    [Fact]
    public async Task Predict_MissingColumn_400NamesIt()
    {
        // Arrange
        var row = System.Text.Json.JsonSerializer.SerializeToNode(Rows[0])!.AsObject();
        row.Remove("utilization");

        // Act
        using var response = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/predict", new JsonObject { ["rows"] = new JsonArray(row) });

        // Assert
        await AssertProblemAsync(response, 400, "rows[0].utilization", "missing column");
    }

    [Fact]
    public async Task Predict_NullNumeric_IsAMissingValueNotAnError()
    {
        // Arrange
        var row = System.Text.Json.JsonSerializer.SerializeToNode(Rows[0])!.AsObject();
        row["income"] = null;

        // Act
        var response = await fixture.PredictAsync(new JsonObject { ["rows"] = new JsonArray(row) });

        // Assert
        Assert.Single(response["predictions"]!.AsArray());
    }

    [Fact]
    public async Task Predict_TooManyRows_400OnRows()
    {
        // Arrange: 1,001 rows, one past the default limit.
        var body = ServeFixture.Body(Enumerable.Range(0, 1_001).Select(i => Rows[i % Rows.Count]));

        // Act
        using var response = await fixture.Http.PostAsJsonAsync($"api/models/{fixture.Model}/predict", body);

        // Assert
        await AssertProblemAsync(response, 400, "rows", "too many rows");
    }

    [Fact]
    public async Task Predict_BodyOverOneMebibyte_413()
    {
        // Arrange
        var body = "{\"rows\":[" + string.Join(',', Enumerable.Repeat("{\"pad\":\"" + new string('x', 1_000) + "\"}", 1_100)) + "]}";

        // Act
        using var response = await fixture.Http.PostAsync($"api/models/{fixture.Model}/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        // Assert
        await AssertProblemAsync(response, 413, "$", "oversized body");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, int status, string field, string scenario)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{scenario}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(field, problem["field"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), scenario);
    }
}
