using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Benchmarks.Serving;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Cli.Serving;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;

namespace RetrainFunctions.Api.Tests;

/// <summary>
/// One real <c>retrain serve</c> host (the same <see cref="ServeHost"/> the command starts) on a free loopback port,
/// over a temporary local store holding the credit model with two real versions trained by the pipeline.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public static readonly TimeSpan PointerCheckInterval = TimeSpan.FromMilliseconds(50);

    private ServeHost? _host;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "retrain-api-tests", Guid.NewGuid().ToString("N"));

    public string Model => ServingSample.Model;

    public string FirstVersion { get; private set; } = string.Empty;

    public string SecondVersion { get; private set; } = string.Empty;

    /// <summary>Gets the run that met production and was rejected (week 1 of the stream).</summary>
    public string RejectedRun { get; private set; } = string.Empty;

    public HttpClient Http { get; private set; } = new();

    public Uri Address => Host.Address;

    internal ServeHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public IArtifactStore Store => Host.Pipeline.Services.GetRequiredService<IArtifactStore>();

    /// <summary>The API key the host is configured with (<c>ManagementAccess__Keys__key-holder</c>), as an operator would.</summary>
    public const string ApproverKey = "serve-fixture-key";

    /// <summary>The holder of <see cref="ApproverKey"/>: the name a request carrying it acts under.</summary>
    public const string ApproverName = "key-holder";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable($"{ManagementAccessOptions.SectionName}__Keys__{ApproverName}", ApproverKey);
        _host = await ServeHost.StartAsync(
            services =>
            {
                services.AddLogging();
                services.AddRetrainCore();
                services.AddArtifactStore(o => o.LocalRoot = Root);
                services.Configure<Core.Training.TrainingOptions>(o => o.NumberOfThreads = 1);
            },
            "http://127.0.0.1:0",
            o => o.PointerCheckInterval = PointerCheckInterval);
        Http = new HttpClient { BaseAddress = _host.Address, Timeout = TimeSpan.FromSeconds(60) };
        (FirstVersion, SecondVersion) = await ServingSample.EnsureTwoVersionsAsync(_host.Pipeline, trainingRows: 900);
        RejectedRun = await AddRejectedRunAsync();
    }

    /// <summary>
    /// A second run, on week 1 of the stream, that met production (so production's live quality has a point and drift a
    /// reference) and was rejected by an unreachable absolute bar (log-loss at most 1e-6), so that versions and the production pointer stay as they were.
    /// </summary>
    private async Task<string> AddRejectedRunAsync()
    {
        var specs = Host.Pipeline.Services.GetRequiredService<ModelSpecStore>();
        var (spec, _) = await specs.LoadAsync(Model);
        await specs.SaveAsync(spec with { Gate = spec.Gate with { Threshold = 1e-6 } });
        try
        {
            using (var buffer = new MemoryStream())
            {
                new CreditStreamGenerator().WriteWeek(1, 600, buffer);
                buffer.Position = 0;
                await Store.WriteAsync(ModelArtifacts.For(Model).Incoming.File("serving-week-01.csv"), buffer, ArtifactWriteCondition.None, metadata: null);
            }

            var record = await Host.Pipeline.RunAsync(new RetrainRequest(Model, RunTrigger.CommandLine, Force: false, "tests"), onProgress: null, CancellationToken.None);
            Assert.True(record.Outcome == RunOutcome.Rejected, $"the second run was to be rejected: {record.Outcome} {record.Reason}");
            return record.RunId;
        }
        finally
        {
            await specs.SaveAsync(spec);
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public static JsonObject Body(IEnumerable<Dictionary<string, object?>> rows) =>
        new() { ["rows"] = JsonSerializer.SerializeToNode(rows) };

    public async Task<JsonObject> PredictAsync(JsonObject body)
    {
        using var response = await Http.PostAsJsonAsync($"api/models/{Model}/predict", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Points production at <paramref name="version"/> (through the API) and waits until predictions come from it.</summary>
    public async Task PinAsync(string version, JsonObject probe)
    {
        // Decide on the pointer, not on what is served: the served version may lag the pointer by one check interval.
        var model = JsonNode.Parse(await Http.GetStringAsync($"api/models/{Model}"))!;
        if (model["production"]!["version"]!.GetValue<string>() != version)
        {
            using var response = await Http.PostAsJsonAsync($"api/models/{Model}/rollback", new { version, by = "tests" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await PredictAsync(probe))["version"]!.GetValue<string>() != version)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"Production did not switch to {version} within 10 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The probabilities <paramref name="version"/> gives <paramref name="rows"/>, computed independently of the server:
    /// the version's model.zip loaded by ML.NET and run over a CSV of the rows with a batch Transform.
    /// </summary>
    public async Task<float[]> ExpectedProbabilitiesAsync(string version, IReadOnlyList<Dictionary<string, object?>> rows)
    {
        var spec = CreditStreamGenerator.Spec();
        var ml = new MLContext(seed: 1);
        ITransformer model;
        await using (var zip = await Store.OpenReadAsync(ModelArtifacts.For(Model).Versions.Version(version).Model))
        using (var buffer = new MemoryStream())
        {
            await zip.CopyToAsync(buffer);
            buffer.Position = 0;
            model = ml.Model.Load(buffer, out _);
        }

        var csv = Path.Combine(Root, $"expected-{Guid.NewGuid():N}.csv");
        var lines = new List<string> { string.Join(',', spec.Features.Select(f => f.Name)) };
        lines.AddRange(rows.Select(r => string.Join(',', spec.Features.Select(f => Convert.ToString(r[f.Name], System.Globalization.CultureInfo.InvariantCulture)))));
        await File.WriteAllLinesAsync(csv, lines);
        var columns = spec.Features.Select((f, i) => new TextLoader.Column(f.Name, f.Type == FeatureType.Numeric ? DataKind.Single : DataKind.String, i)).ToArray();
        var view = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = columns, HasHeader = true, Separators = [','], MissingRealsAsNaNs = true }).Load(csv);
        var probabilities = model.Transform(view).GetColumn<float>("Probability").ToArray();
        File.Delete(csv);
        return probabilities;
    }
}
