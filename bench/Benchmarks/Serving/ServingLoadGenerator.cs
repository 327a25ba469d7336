using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using RetrainFunctions.Core.Deployment;

namespace RetrainFunctions.Benchmarks.Serving;

/// <summary>
/// The load generator of <c>retrain bench-serve</c>: <c>concurrency</c> loops POST a fixed body to the predict route on
/// loopback for a fixed time, timing each request; optionally checking every response against the scores its named
/// version gives (mixed-version detection) while production is flipped between two versions.
/// </summary>
public sealed class ServingLoadGenerator(Uri address, string model, int concurrency) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Posts <paramref name="body"/> and returns the version and probabilities of the answer.</summary>
    public async Task<(string Version, double[] Probabilities)> PredictAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync($"api/models/{model}/predict", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"predict answered {(int)response.StatusCode}: {text}");
        }

        var json = JsonNode.Parse(text)!;
        return (json["version"]!.GetValue<string>(), [.. json["predictions"]!.AsArray().Select(p => p!["probability"]!.GetValue<double>())]);
    }

    /// <summary>Runs one phase. With <paramref name="expected"/>, every response is checked against its version's scores.</summary>
    public async Task<LoadPhaseResult> RunAsync(
        string name,
        byte[] body,
        int rows,
        TimeSpan duration,
        IReadOnlyDictionary<string, double[]>? expected = null,
        Func<CancellationToken, Task<int>>? during = null,
        CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var latencies = new ConcurrentBag<List<long>>();
        var versions = new ConcurrentDictionary<string, byte>();
        long errors = 0, mixed = 0;
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);

        async Task LoopAsync()
        {
            var mine = new List<long>(1 << 16);
            latencies.Add(mine);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = Json;
                    using var response = await _http.PostAsync($"api/models/{model}/predict", content, CancellationToken.None);
                    var bytes = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                    var elapsed = Stopwatch.GetTimestamp() - started;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }

                    mine.Add(elapsed);
                    if (expected is not null && !Matches(bytes, expected, versions))
                    {
                        Interlocked.Increment(ref mixed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }

        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(LoopAsync, CancellationToken.None)).ToList();
        var swaps = during is null ? Task.FromResult(0) : during(stop.Token);
        await Task.WhenAll(loops);
        var swapCount = await swaps;
        var seconds = clock.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LoadPhaseResult(name, rows, all.Length, seconds, Percentile(0.50), Percentile(0.99), errors, mixed, versions.Count, swapCount);
    }

    /// <summary>Flips production between <paramref name="first"/> and <paramref name="second"/> every <paramref name="interval"/> until cancelled.</summary>
    public static async Task<int> FlipAsync(ModelDeployer deployer, string model, string first, string second, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployer);
        var swaps = 0;
        var next = second;
        while (!cancellationToken.IsCancellationRequested)
        {
            await deployer.RollBackAsync(model, next, "bench-serve", CancellationToken.None);
            swaps++;
            next = next == first ? second : first;
            try
            {
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return swaps;
    }

    public void Dispose() => _http.Dispose();

    private static bool Matches(byte[] response, IReadOnlyDictionary<string, double[]> expected, ConcurrentDictionary<string, byte> versions)
    {
        using var document = JsonDocument.Parse(response);
        var version = document.RootElement.GetProperty("version").GetString()!;
        versions.TryAdd(version, 0);
        if (!expected.TryGetValue(version, out var scores))
        {
            return false;
        }

        var i = 0;
        foreach (var prediction in document.RootElement.GetProperty("predictions").EnumerateArray())
        {
            if (i >= scores.Length || Math.Abs(prediction.GetProperty("probability").GetDouble() - scores[i++]) > 1e-6)
            {
                return false;
            }
        }

        return i == scores.Length;
    }
}
