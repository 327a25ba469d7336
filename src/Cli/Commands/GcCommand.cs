using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Housekeeping;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain gc &lt;model&gt; [--keep-runs N] [--dry-run]</c>: prunes what the model no longer needs (<see cref="StorePruner"/>:
/// older runs' artifacts, superseded versions, snapshots nothing kept was trained on) and the store's <c>scratch/</c>;
/// never production, its pointer history, their lineage, run records, batches or quarantined files.
/// </summary>
internal static class GcCommand
{
    /// <summary>The runs kept when <c>--keep-runs</c> is not given.</summary>
    public const int DefaultKeepRuns = 20;

    public static Command Create()
    {
        var model = ModelArgument.Create();
        var keepRuns = new Option<int>("--keep-runs") { Description = $"Keep the artifacts of the newest N runs (default {DefaultKeepRuns}); older runs keep their record only.", DefaultValueFactory = _ => DefaultKeepRuns };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted, and why; delete nothing." };
        var command = new Command("gc", "Delete what a model no longer needs: older runs' models and reports, superseded versions, unused snapshots, scratch files. Never production, its history, their lineage, run records, batches or quarantine.")
        {
            model, keepRuns, dryRun,
        };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return (int)ExitCode.UsageError;
            }

            var keep = parse.GetValue(keepRuns);
            if (keep < 0)
            {
                throw new CommandLineException($"--keep-runs: {keep} is negative; give the number of newest runs to keep (0 or more).");
            }

            await using var services = store.BuildExistingServices(parse);
            await store.LoadSpecAsync(services, parse, name, cancellationToken);

            // No run of the model may be live while its artifacts are judged: take its run lease.
            await using var lease = await RunLeases.AcquireAsync(services, name, TimeSpan.FromMinutes(10), cancellationToken);
            var pruner = services.GetRequiredService<StorePruner>();
            var plans = new[] { await pruner.PlanAsync(name, keep, cancellationToken), await pruner.PlanScratchAsync(cancellationToken) };
            var items = plans.SelectMany(p => p.Items).ToList();
            var modelPlan = plans[0];
            Console.WriteLine($"Kept for {name}: production and its history ({Count(modelPlan.ProtectedVersions.Count, "version")}), {Count(modelPlan.ProtectedSnapshots.Count, "snapshot")} they or the kept runs were trained on, {Count(modelPlan.KeptRuns.Count, "run")} whole (the newest {keep}, the protected versions', any without a record); every run record, batch and quarantined file.");
            if (parse.GetValue(dryRun))
            {
                // One line an artifact, so that the paths stay whole and can be copied.
                foreach (var item in items)
                {
                    Console.WriteLine($"  would delete {item.Path} ({Size(item.Bytes)}): {item.Why}");
                }

                Console.WriteLine($"Dry run: {Count(items.Count, "artifact")} ({Size(items.Sum(i => i.Bytes))}) would be deleted; nothing was.");
                return (int)ExitCode.Success;
            }

            var deleted = 0;
            foreach (var plan in plans)
            {
                deleted += await pruner.PruneAsync(plan, cancellationToken);
            }

            Console.WriteLine($"Deleted {Count(deleted, "artifact")} ({Size(items.Sum(i => i.Bytes))}).");
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 30):0.0} GiB"),
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.0} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
