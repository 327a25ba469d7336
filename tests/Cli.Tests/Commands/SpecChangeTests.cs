using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Serving;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary>
/// Issue #16, "Re-init breaks production": a version is self-contained, so changing the spec (init --force with a
/// column excluded) leaves the production version serving with the columns it was trained on.
/// </summary>
public sealed class SpecChangeTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Serve_SpecChangedAfterDeployment_ProductionKeepsItsOwnSchemaAndAMissingFieldIs400()
    {
        // Arrange: deploy a first version, then re-init with one of its feature columns excluded.
        var store = _folder.File("store");
        var data = _folder.File("week-00.csv");
        await using (var file = File.Create(data))
        {
            new CreditStreamGenerator().WriteWeek(0, 1_200, file);
        }

        Assert.Equal(0, (await CommandLineRunner.RunAsync("init", "credit", "--data", data, "--label", "defaulted", "--positive-class", "yes", "--store", store)).ExitCode);
        Assert.Equal(0, (await CommandLineRunner.RunAsync("ingest", "credit", data, "--store", store)).ExitCode);
        var run = await CommandLineRunner.RunAsync("run", "credit", "--store", store);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var trained = ModelSpecStore.Parse(await File.ReadAllBytesAsync(Path.Combine(store, "specs", "credit.json")), "credit.json");
        var dropped = trained.Features[0].Name;
        var reinit = await CommandLineRunner.RunAsync("init", "credit", "--data", data, "--label", "defaulted", "--positive-class", "yes", "--exclude", dropped, "--store", store, "--force");
        Assert.True(reinit.ExitCode == 0, reinit.Error);
        Assert.Contains($"- features[{dropped}].type: ", reinit.Output, StringComparison.Ordinal);
        var row = FirstRow(data, trained);
        var diff = await CommandLineRunner.RunAsync("spec", "diff", "credit", "--store", store);
        var show = await CommandLineRunner.RunAsync("spec", "show", "credit", "--at", "production", "--store", store);

        // Act
        await using var host = await ServeHost.StartAsync(
            services =>
            {
                services.AddLogging();
                services.AddRetrainCore();
                services.AddArtifactStore(o => o.LocalRoot = store);
            },
            "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = host.Address };
        using var full = await http.PostAsJsonAsync("api/models/credit/predict", new JsonObject { ["rows"] = new JsonArray(row.DeepClone()) });
        row.Remove(dropped);
        using var missing = await http.PostAsJsonAsync("api/models/credit/predict", new JsonObject { ["rows"] = new JsonArray(row) });

        // Assert
        var fullBody = await full.Content.ReadAsStringAsync();
        Assert.True(full.StatusCode == HttpStatusCode.OK, fullBody);
        var missingBody = await missing.Content.ReadAsStringAsync();
        Assert.True(missing.StatusCode == HttpStatusCode.BadRequest, missingBody);
        Assert.Equal($"rows[0].{dropped}", JsonNode.Parse(missingBody)!["field"]!.GetValue<string>());
        var version = JsonNode.Parse(fullBody)!["version"]!.GetValue<string>();
        Assert.True(File.Exists(Path.Combine(store, "models", "credit", "versions", version, "spec.json")), "the version carries its spec");
        Assert.True(diff.ExitCode == 0, diff.Error);
        Assert.Contains($"- features[{dropped}].type: ", diff.Output, StringComparison.Ordinal);
        Assert.Contains("spec of version", diff.Output, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.Error);
        Assert.Contains($"\"name\": \"{dropped}\"", show.Output, StringComparison.Ordinal);
        Assert.Contains("2 stored revision(s)", show.Output, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(store, "spec-history", "credit"), "*.json").Length);
    }

    [Fact]
    public async Task UnexpectedFailure_Answers500WithAProblemDocumentNamingIt()
    {
        // Arrange
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        context.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = new InvalidOperationException("Could not find input column 'date'"), Path = "/api/models/x/predict" });

        // Act
        await ServeHost.WriteUnexpectedFailureAsync(context);

        // Assert
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(500, context.Response.StatusCode);
        Assert.Contains("Could not find input column 'date'", body, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static JsonObject FirstRow(string csv, ModelSpec spec)
    {
        var lines = File.ReadLines(csv).Take(2).ToArray();
        var header = lines[0].Split(',');
        var values = lines[1].Split(',');
        var row = new JsonObject();
        foreach (var feature in spec.Features)
        {
            var text = values[Array.IndexOf(header, feature.Name)];
            row[feature.Name] = feature.Type == FeatureType.Numeric
                ? (text.Length == 0 ? null : JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)))
                : JsonValue.Create(text);
        }

        return row;
    }
}
