using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using Spectre.Console;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// The read commands an MLflow or Airflow user expects, as Spectre.Console tables: <c>retrain runs</c>,
/// <c>retrain versions</c>, <c>retrain history</c>, <c>retrain show</c> and <c>retrain quarantine list|release</c>.
/// None of them creates a store (<see cref="StoreSelection.BuildExistingServices"/>).
/// </summary>
internal static class ListingCommands
{
    public static IEnumerable<Command> Create() => [Runs(), Versions(), History(), Show(), Quarantine()];

    private static Command Runs()
    {
        var last = new Option<int>("--last") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        return ModelCommand("runs", "List a model's runs, newest first: outcome, the decision in one line, duration.", [last], async (context, cancellationToken) =>
        {
            var runs = await context.Catalog.RunsAsync(context.Model, cancellationToken);
            var table = Terminal.Table("run", "started (UTC)", "trigger", "outcome", "seconds", "decision");
            foreach (var run in runs.Take(Math.Max(1, context.Parse.GetValue(last))))
            {
                var seconds = run.CompletedAt is { } done ? (done - run.StartedAt).TotalSeconds.ToString("0", CultureInfo.InvariantCulture) : "-";
                Terminal.Row(table, run.RunId, Time(run.StartedAt), run.Trigger.ToString(), RunRecordFormatter.Outcome(run), seconds, RunRecordFormatter.Headline(run));
            }

            Render(table, runs.Count, "runs");
        });
    }

    private static Command Versions() => ModelCommand("versions", "List a model's versions, newest first: trainer, holdout metrics, training snapshot, and which is in production.", [], async (context, cancellationToken) =>
    {
        var versions = await context.Catalog.VersionsAsync(context.Model, cancellationToken);
        var production = (await context.Services.GetRequiredService<ModelDeployer>().GetProductionAsync(context.Model, cancellationToken))?.Version;
        var metrics = versions.SelectMany(v => v.Metrics.Keys).Distinct().Order().ToList();
        var table = Terminal.Table(["version", "created (UTC)", "trainer", .. metrics.Select(m => m.ToString()), "snapshot", "spec", "parent", ""]);
        foreach (var version in versions)
        {
            Terminal.Row(
                table,
                [version.Version, Time(version.CreatedAt), RunRecordFormatter.Short(version.Trainer), .. metrics.Select(m => RunRecordFormatter.Metric(version.Metrics, m)),
                 Short(version.SnapshotDigest), Short(version.SpecDigest), version.ParentVersion ?? "-", version.Version == production ? "production" : string.Empty]);
        }

        Render(table, versions.Count, "versions");
    });

    private static Command History() => ModelCommand("history", "List every change of a model's production pointer, oldest first: deployments, rollbacks, probation.", [], async (context, cancellationToken) =>
    {
        var history = await context.Services.GetRequiredService<ModelDeployer>().GetHistoryAsync(context.Model, cancellationToken);
        var table = Terminal.Table("#", "changed (UTC)", "action", "version", "replaced", "by");
        foreach (var change in history)
        {
            Terminal.Row(table, change.Sequence.ToString(CultureInfo.InvariantCulture), Time(change.ChangedAt), change.Action.ToString(), change.Version, change.PreviousVersion ?? "-", change.By is { } person ? $"{person} ({change.RunId})" : change.RunId);
        }

        Render(table, history.Count, "production changes");
    });

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "A run id or a version id." };
        return ModelCommand("show", "Show one run (stages, decision, evidence) or one version (metrics, lineage, spec digest).", [id], async (context, cancellationToken) =>
        {
            var name = context.Parse.GetRequiredValue(id);
            if (!IsId(name))
            {
                throw new CommandLineException($"'{name}' is not a run or version id.");
            }

            var store = context.Services.GetRequiredService<IArtifactStore>();
            if (await store.TryReadJsonWithETagAsync<RunRecord>(ModelArtifacts.For(context.Model).Runs.Run(name).Record, cancellationToken) is { } run)
            {
                Console.WriteLine(RunCommand.Summary(run.Value, details: true));
                return;
            }

            if (await store.TryReadJsonWithETagAsync<ModelVersion>(ModelArtifacts.For(context.Model).Versions.Version(name).Manifest, cancellationToken) is { } version)
            {
                Console.WriteLine(JsonSerializer.Serialize(version.Value, RetrainJson.Options));
                return;
            }

            throw new CommandLineException($"model '{context.Model}' has no run or version '{name}'; 'retrain runs {context.Model}' and 'retrain versions {context.Model}' list them.");
        });
    }

    private static Command Quarantine()
    {
        var command = new Command("quarantine", "List the files validation refused, and release one (its fixed copy, or as it is) to be validated again.");
        command.Subcommands.Add(ModelCommand("list", "List quarantined batches, newest first, with the first problem found.", [], async (context, cancellationToken) =>
        {
            var reports = await context.Catalog.QuarantineAsync(context.Model, cancellationToken);
            var table = Terminal.Table("batch", "file", "validated (UTC)", "run", "problem");
            foreach (var report in reports)
            {
                var problem = report.Findings.FirstOrDefault();
                Terminal.Row(table, Short(report.BatchId), report.SourceName, Time(report.ValidatedAt), report.RunId, problem is null ? "-" : $"{problem.Check}: {problem.Message}");
            }

            Render(table, reports.Count, "quarantined batches");
        }));

        var batch = new Argument<string>("batch") { Description = "The batch id (or its first 12 characters, as listed)." };
        var file = new Option<FileInfo?>("--file") { Description = "A fixed copy to validate instead of the quarantined bytes." };
        command.Subcommands.Add(ModelCommand("release", "Send a quarantined batch (or its fixed copy, --file) back to incoming/; the next run validates it again.", [batch, file], async (context, cancellationToken) =>
        {
            var prefix = context.Parse.GetRequiredValue(batch).ToLowerInvariant();
            var matches = (await context.Catalog.QuarantineAsync(context.Model, cancellationToken)).Where(r => r.BatchId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            var report = matches.Count switch
            {
                0 => throw new CommandLineException($"model '{context.Model}' has no quarantined batch '{prefix}'; 'retrain quarantine list {context.Model}' lists them."),
                > 1 => throw new CommandLineException($"'{prefix}' matches {matches.Count} quarantined batches; give more characters."),
                _ => matches[0],
            };
            var store = context.Services.GetRequiredService<IArtifactStore>();
            var target = ModelArtifacts.For(context.Model).Incoming.File(Path.GetFileName(report.SourceName));
            if (context.Parse.GetValue(file) is { } fixedCopy)
            {
                InputFile.RequireNonEmpty(fixedCopy, "--file");
                target = ModelArtifacts.For(context.Model).Incoming.File(fixedCopy.Name);
                await using var stream = fixedCopy.OpenRead();
                await store.WriteAsync(target, stream, ArtifactWriteCondition.None, metadata: null, cancellationToken);
            }
            else
            {
                await using var stream = await store.OpenReadAsync(ModelArtifacts.For(context.Model).Quarantine.Batch(report.BatchId), cancellationToken);
                await store.WriteAsync(target, stream, ArtifactWriteCondition.None, metadata: null, cancellationToken);
            }

            await store.DeleteAsync(ModelArtifacts.For(context.Model).Quarantine.Report(report.BatchId), cancellationToken);
            await store.DeleteAsync(ModelArtifacts.For(context.Model).Quarantine.Batch(report.BatchId), cancellationToken);
            Console.WriteLine($"Released batch {Short(report.BatchId)} ({report.SourceName}) to {target}; 'retrain run {context.Model}' validates it again.");
        }));
        return command;
    }

    /// <summary>A command on one model of an existing store: validates the model name, opens the store, calls <paramref name="action"/>.</summary>
    private static Command ModelCommand(string name, string description, IEnumerable<Symbol> symbols, Func<ListingContext, CancellationToken, Task> action)
    {
        var model = ModelArgument.Create();
        var command = new Command(name, description) { model };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    break;
            }
        }

        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } modelName)
            {
                return (int)ExitCode.UsageError;
            }

            await using var services = store.BuildExistingServices(parse);
            await action(new ListingContext(parse, modelName, services, new StoreCatalog(services.GetRequiredService<IArtifactStore>())), cancellationToken);
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static void Render(Table table, int count, string plural)
    {
        if (count == 0)
        {
            Console.WriteLine($"No {plural} yet.");
            return;
        }

        Terminal.Create().Write(table);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Short(string? digest) => digest is { Length: > 12 } ? digest[..12] : digest ?? "-";

    private static bool IsId(string id) => id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !id.Contains("..", StringComparison.Ordinal);

    private sealed record ListingContext(ParseResult Parse, string Model, IServiceProvider Services, StoreCatalog Catalog);
}
