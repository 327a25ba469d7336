using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Benchmarks.Serving;
using RetrainFunctions.Cli.Serving;
using RetrainFunctions.Core.Deployment;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain bench-serve</c>: trains (or reuses) the credit model with two versions, starts <c>retrain serve</c> on
/// loopback and loads it: single-row requests, 100-row requests, and 100-row requests while production flips between
/// the two versions. Prints throughput, p50/p99 latency, errors and mixed-version responses.
/// </summary>
internal static class BenchServeCommand
{
    private static readonly TimeSpan PointerCheckInterval = TimeSpan.FromMilliseconds(50);

    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "Seconds per phase.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent request loops.", DefaultValueFactory = _ => 8 };
        var swapMs = new Option<int>("--swap-ms") { Description = "Milliseconds between production flips in the swap phase.", DefaultValueFactory = _ => 200 };
        var command = new Command("bench-serve", "Load-test serving on loopback: single-row and 100-row predictions, and 100-row predictions while production is swapped.") { seconds, concurrency, swapMs };
        var store = StoreSelection.AddTo(command, defaultFolder: ".retrain-bench");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (phase, loops, swapEvery) = (parse.GetValue(seconds), parse.GetValue(concurrency), parse.GetValue(swapMs));
            if (phase is < 1 or > 600 || loops is < 1 or > 256 || swapEvery is < 10 or > 60_000)
            {
                await Console.Error.WriteLineAsync("error: --seconds must be 1-600, --concurrency 1-256, --swap-ms 10-60000.");
                return 2;
            }

            Console.WriteLine($"Store: {store.Describe(parse)}; {Environment.ProcessorCount} cores; server and load generator share this process.");
            await using var host = await ServeHost.StartAsync(
                services =>
                {
                    store.Configure(services, parse);

                    // The swap phase rolls back a few times a second; each rollback logs a warning.
                    services.AddLogging(b => b.AddFilter("RetrainFunctions.Core.Deployment", LogLevel.Error));
                },
                "http://127.0.0.1:0", o => o.PointerCheckInterval = PointerCheckInterval, cancellationToken: cancellationToken);
            var (first, second) = await ServingSample.EnsureTwoVersionsAsync(host.Pipeline, cancellationToken: cancellationToken);
            Console.WriteLine($"Serving {ServingSample.Model} on {host.Address}: versions {first} and {second}; pointer checked every {PointerCheckInterval.TotalMilliseconds:0} ms.");

            var deployer = host.Pipeline.Services.GetRequiredService<ModelDeployer>();
            var rows = ServingSample.Rows(100);
            var single = JsonSerializer.SerializeToUtf8Bytes(new { rows = rows.Take(1) });
            var hundred = JsonSerializer.SerializeToUtf8Bytes(new { rows });
            using var load = new ServingLoadGenerator(host.Address, ServingSample.Model, loops);

            // Each version's answer to the 100-row body, taken while it alone serves.
            var expected = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var version in new[] { second, first })
            {
                expected[version] = await PinAsync(load, deployer, version, hundred, cancellationToken);
            }

            await load.RunAsync("warm-up", single, 1, TimeSpan.FromSeconds(2), cancellationToken: cancellationToken);
            var duration = TimeSpan.FromSeconds(phase);
            var results = new List<LoadPhaseResult>
            {
                await load.RunAsync("single row", single, 1, duration, cancellationToken: cancellationToken),
                await load.RunAsync("100 rows", hundred, 100, duration, cancellationToken: cancellationToken),
                await load.RunAsync(
                    $"100 rows, swap every {swapEvery} ms", hundred, 100, duration, expected,
                    stop => ServingLoadGenerator.FlipAsync(deployer, ServingSample.Model, first, second, TimeSpan.FromMilliseconds(swapEvery), stop),
                    cancellationToken),
            };
            if ((await deployer.GetProductionAsync(ServingSample.Model, CancellationToken.None))?.Version != first)
            {
                await deployer.RollBackAsync(ServingSample.Model, first, "bench-serve", CancellationToken.None);
            }

            var table = Terminal.Table("phase", "requests", "req/s", "predictions/s", "p50 ms", "p99 ms", "errors", "mixed-version", "versions seen", "swaps");
            foreach (var r in results)
            {
                var checkedVersions = r.Swaps > 0;
                Terminal.Figures(table, r.Name, N(r.Requests), F(r.RequestsPerSecond, "N0"), F(r.PredictionsPerSecond, "N0"), F(r.P50Ms, "0.00"), F(r.P99Ms, "0.00"),
                    N(r.Errors), checkedVersions ? N(r.MixedVersion) : "-", checkedVersions ? N(r.Versions) : "-", N(r.Swaps));
            }

            Console.WriteLine();
            Console.WriteLine($"{loops} concurrent loops, {phase} s per phase:");
            Console.WriteLine(Terminal.Plain(table));
            var s = results[0];
            var swap = results[2];
            Console.WriteLine($"Targets (2 cores): >= 5,000 single-row predictions/s: {Met(s.PredictionsPerSecond >= 5_000)}; p99 < 10 ms: {Met(s.P99Ms < 10)}; zero errors: {Met(results.All(r => r.Errors == 0))}; zero mixed-version responses during swaps: {Met(swap.MixedVersion == 0 && swap.Versions == 2)}.");
            return results.Any(r => r.Errors > 0) || swap.MixedVersion > 0 ? 1 : 0;
        });
        return command;
    }

    private static async Task<double[]> PinAsync(ServingLoadGenerator load, ModelDeployer deployer, string version, byte[] body, CancellationToken cancellationToken)
    {
        if ((await deployer.GetProductionAsync(ServingSample.Model, cancellationToken))?.Version != version)
        {
            await deployer.RollBackAsync(ServingSample.Model, version, "bench-serve", cancellationToken);
        }

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var (served, probabilities) = await load.PredictAsync(body, cancellationToken);
            if (served == version)
            {
                return probabilities;
            }

            await Task.Delay(PointerCheckInterval, cancellationToken);
        }

        throw new InvalidOperationException($"Version {version} was not served within 10 s of the pointer flip.");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Met(bool met) => met ? "met" : "NOT met";
}
