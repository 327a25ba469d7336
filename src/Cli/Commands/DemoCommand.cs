using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain demo</c>: the main job on the embedded default. A drifting credit-default stream arrives week by
/// week; each week the real pipeline runs on the in-process Durable engine. Before each week's labels are used,
/// the model in production and a never-retrained model both predict that week (prequential evaluation), so the
/// final table shows what retraining bought.
/// </summary>
internal static class DemoCommand
{
    private const int BrokenExportWeek = 5;
    private const int DuplicateUploadWeek = 7;

    public static Command Create()
    {
        var weeks = new Option<int>("--weeks") { Description = "Weeks of data after the initial history.", DefaultValueFactory = _ => 16 };
        var rows = new Option<int>("--rows") { Description = "Applications per week.", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated stream.", DefaultValueFactory = _ => 7 };
        var keep = new Option<bool>("--keep") { Description = "Keep what an earlier demo left in the store instead of starting clean." };
        var command = new Command("demo", "Watch RetrainFunctions keep a credit-default model accurate through gradual drift, seasonality, a broken export and an abrupt shock.") { weeks, rows, seed, keep };
        var store = StoreSelection.AddTo(command, defaultFolder: ".retrain-demo");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(store.Folder)!);
            if (!parse.GetValue(keep) && parse.GetValue(store.Connection) is null && parse.GetValue(store.AccountUrl) is null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            var options = new DemoOptions(parse.GetValue(weeks), parse.GetValue(rows), parse.GetValue(seed));
            if (options.Weeks < BrokenExportWeek + 3 || options.Rows < 100)
            {
                await Console.Error.WriteLineAsync($"error: --weeks must be at least {BrokenExportWeek + 3} and --rows at least 100.");
                return 2;
            }

            Console.WriteLine($"RetrainFunctions demo — store: {store.Describe(parse)}; engine: Durable Task, in process.");
            await using var pipeline = await EngineSettings.StartPipelineAsync(services => store.Configure(services, parse, LogLevel.Error), cancellationToken);
            await RunAsync(pipeline, options, cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(LocalPipeline pipeline, DemoOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var services = pipeline.Services;
        var artifacts = services.GetRequiredService<IArtifactStore>();
        var scorer = services.GetRequiredService<ModelScorer>();
        var generator = new CreditStreamGenerator(options.Seed);
        var spec = CreditStreamGenerator.Spec();
        var model = spec.Name;
        await services.GetRequiredService<ModelSpecStore>().SaveAsync(spec, cancellationToken);

        Console.WriteLine($"Model '{model}': {spec.Task}, label '{spec.Label.Column}' (positive '{spec.Label.PositiveClass}'), trainers {string.Join(", ", spec.EffectiveTrainers)}, gate {spec.Gate.EffectiveMetric(spec.Task)} +{spec.Gate.MinDelta} over production, threshold {spec.Gate.Threshold}.");
        Console.WriteLine($"The stream: incomes inflate and utilisation creeps up every week (gradual drift), defaults follow the season, week {BrokenExportWeek}'s export arrives without its label column, and at week {CreditStreamGenerator.ShockWeek} a rate shock changes what predicts default (abrupt concept drift).");
        Console.WriteLine();

        var table = Terminal.Table("week", "uploads", "outcome", "validation", "candidates (val AUC)", "prod AUC", "challenger", "live AUC", "frozen AUC");
        var weekly = new List<WeekScore>();
        string? frozenVersion = null;
        var deployed = 0;
        var rejected = 0;

        for (var week = 0; week <= options.Weeks; week++)
        {
            var rows = week == 0 ? options.Rows * 3 : options.Rows;
            var truth = await WriteWeekAsync(artifacts, generator, week, rows, cancellationToken);

            // Prequential: production and the never-retrained model predict this week before its labels are learned from.
            var production = await artifacts.TryReadJsonWithETagAsync<Core.Deployment.ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken);
            WeekScore? score = null;
            if (production is { } pointer && frozenVersion is not null)
            {
                var live = await scorer.ScoreAsync(spec, ModelArtifacts.For(model).Versions.Version(pointer.Value.Version).Model, truth, cancellationToken);
                var frozen = await scorer.ScoreAsync(spec, ModelArtifacts.For(model).Versions.Version(frozenVersion).Model, truth, cancellationToken);
                score = new WeekScore(week, live, frozen);
                weekly.Add(score);
            }

            var uploads = await UploadAsync(artifacts, generator, model, week, rows, truth, cancellationToken);
            var record = await pipeline.RunAsync(new RetrainRequest(model, RunTrigger.NewData, RequestedBy: "demo"), onProgress: null, cancellationToken);
            frozenVersion ??= record.Outcome == RunOutcome.Deployed ? record.Deployment!.Version : null;
            deployed += record.Outcome == RunOutcome.Deployed ? 1 : 0;
            rejected += record.Outcome == RunOutcome.Rejected ? 1 : 0;

            Terminal.Figures(
                table,
                week.ToString(CultureInfo.InvariantCulture),
                uploads,
                RunRecordFormatter.Outcome(record),
                RunRecordFormatter.Validation(record),
                RunRecordFormatter.Candidates(record, EvaluationMetric.Auc),
                RunRecordFormatter.Champion(record),
                RunRecordFormatter.Challenger(record),
                score is null ? "-" : RunRecordFormatter.Metric(score.Live, EvaluationMetric.Auc),
                score is null ? "-" : RunRecordFormatter.Metric(score.Frozen, EvaluationMetric.Auc));
            Console.WriteLine($"week {week,2}/{options.Weeks}: {RunRecordFormatter.Outcome(record),-22} {record.Reason}");
        }

        Console.WriteLine();
        Console.WriteLine(Terminal.Plain(table));
        PrintComparison(weekly, deployed, rejected, clock.Elapsed);
    }

    private static async Task<string> WriteWeekAsync(IArtifactStore artifacts, CreditStreamGenerator generator, int week, int rows, CancellationToken cancellationToken)
    {
        var path = ScratchArtifacts.File("demo", $"week-{week:00}.csv");
        using var buffer = new MemoryStream();
        generator.WriteWeek(week, rows, buffer);
        buffer.Position = 0;
        await artifacts.WriteAsync(path, buffer, ArtifactWriteCondition.None, metadata: null, cancellationToken);
        return path;
    }

    private static async Task<string> UploadAsync(IArtifactStore artifacts, CreditStreamGenerator generator, string model, int week, int rows, string truth, CancellationToken cancellationToken)
    {
        if (week == BrokenExportWeek)
        {
            // The export job dropped the label column: validation must quarantine it and leave production alone.
            var broken = (await ReadTextAsync(artifacts, truth, cancellationToken)).Split('\n')
                .Select(line => line.Length == 0 ? line : string.Join(',', line.Split(',').Where((_, i) => i != CreditStreamGenerator.Columns.Count - 2)));
            await WriteTextAsync(artifacts, ModelArtifacts.For(model).Incoming.File($"week-{week:00}.csv"), string.Join('\n', broken), cancellationToken);
            return "broken export";
        }

        if (week == BrokenExportWeek + 1)
        {
            await CopyAsync(artifacts, ScratchArtifacts.File("demo", $"week-{BrokenExportWeek:00}.csv"), ModelArtifacts.For(model).Incoming.File($"week-{BrokenExportWeek:00}-fixed.csv"), cancellationToken);
            await CopyAsync(artifacts, truth, ModelArtifacts.For(model).Incoming.File($"week-{week:00}.csv"), cancellationToken);
            return "fixed + new";
        }

        await CopyAsync(artifacts, truth, ModelArtifacts.For(model).Incoming.File($"week-{week:00}.csv"), cancellationToken);
        if (week == DuplicateUploadWeek)
        {
            // Someone re-uploads last week's file under a new name: content addressing makes it a no-op.
            await CopyAsync(artifacts, ScratchArtifacts.File("demo", $"week-{week - 1:00}.csv"), ModelArtifacts.For(model).Incoming.File($"week-{week - 1:00}-again.csv"), cancellationToken);
            return "new + duplicate";
        }

        return week == 0 ? $"history ({rows} rows)" : "new";
    }

    private static void PrintComparison(List<WeekScore> weekly, int deployed, int rejected, TimeSpan elapsed)
    {
        static string Mean(IEnumerable<WeekScore> scores, Func<WeekScore, IReadOnlyDictionary<EvaluationMetric, double>> pick, EvaluationMetric metric)
        {
            var values = scores.Select(s => pick(s).TryGetValue(metric, out var v) ? v : double.NaN).Where(double.IsFinite).ToList();
            return values.Count == 0 ? "n/a" : values.Average().ToString("0.000", CultureInfo.InvariantCulture);
        }

        var before = weekly.Where(w => w.Week < CreditStreamGenerator.ShockWeek).ToList();
        var after = weekly.Where(w => w.Week >= CreditStreamGenerator.ShockWeek).ToList();
        var comparison = Terminal.Table("weeks", "metric", "retrained (production)", "never retrained", "gain");
        foreach (var (label, scores) in new[] { ($"1-{CreditStreamGenerator.ShockWeek - 1} (before shock)", before), ($"{CreditStreamGenerator.ShockWeek}+ (after shock)", after) })
        {
            foreach (var metric in new[] { EvaluationMetric.Auc, EvaluationMetric.Accuracy, EvaluationMetric.LogLoss })
            {
                var live = Mean(scores, s => s.Live, metric);
                var frozen = Mean(scores, s => s.Frozen, metric);
                var gain = double.TryParse(live, CultureInfo.InvariantCulture, out var l) && double.TryParse(frozen, CultureInfo.InvariantCulture, out var f)
                    ? metric.Improvement(l, f).ToString("+0.000;-0.000", CultureInfo.InvariantCulture)
                    : "n/a";
                Terminal.Figures(comparison, label, metric.ToString(), live, frozen, gain);
            }
        }

        Console.WriteLine("Prequential comparison (each week scored before its labels were learned from):");
        Console.WriteLine(Terminal.Plain(comparison));
        Console.WriteLine($"{deployed} deployment(s), {rejected} rejection(s) in {elapsed.TotalSeconds:0.0} s. Run records: runs/{CreditStreamGenerator.ModelName}/*/record.json in the store.");
    }

    private static async Task<string> ReadTextAsync(IArtifactStore artifacts, string path, CancellationToken cancellationToken)
    {
        await using var stream = await artifacts.OpenReadAsync(path, cancellationToken);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static async Task WriteTextAsync(IArtifactStore artifacts, string path, string text, CancellationToken cancellationToken) =>
        await artifacts.WriteBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(text), ArtifactWriteCondition.None, cancellationToken);

    private static async Task CopyAsync(IArtifactStore artifacts, string from, string to, CancellationToken cancellationToken)
    {
        await using var source = await artifacts.OpenReadAsync(from, cancellationToken);
        await artifacts.WriteAsync(to, source, ArtifactWriteCondition.None, metadata: null, cancellationToken);
    }

    private sealed record DemoOptions(int Weeks, int Rows, int Seed);

    private sealed record WeekScore(int Week, IReadOnlyDictionary<EvaluationMetric, double> Live, IReadOnlyDictionary<EvaluationMetric, double> Frozen);
}
