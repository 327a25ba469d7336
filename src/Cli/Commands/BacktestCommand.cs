using System.CommandLine;
using System.Globalization;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Lab.Backtesting;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain backtest</c>: replays a labeled CSV in time order, batch by batch, through the real pipeline under each
/// retraining policy (one store per policy), and reports prequential quality against cost and fixed baselines.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "The labeled CSV (header row), in time order or with --timestamp.", Required = true };
        var batchRows = new Option<int?>("--batch-rows") { Description = "Rows per batch." };
        var batchPeriod = new Option<string?>("--batch-period") { Description = "Time per batch, e.g. 7d or 12h (needs --timestamp)." };
        var latency = new Option<int>("--label-latency") { Description = "Batches until a batch's labels are revealed (1: right after it is predicted).", DefaultValueFactory = _ => 1 };
        var evalFrom = new Option<int>("--eval-from") { Description = "The first scored batch (0-based); earlier batches are history.", DefaultValueFactory = _ => 5 };
        var policies = new Option<string[]>("--policies") { Description = "Policies to compare: " + BacktestPolicy.Syntax + ".", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["once", "periodic:1", "periodic:4", "errors:adwin"] };
        var specFile = new Option<FileInfo?>("--spec") { Description = "A model spec (JSON, as 'retrain init' writes it) to replay instead of one inferred from the history batches; the options below override its fields when given." };
        var naiveLag = new Option<int?>("--naive-lag") { Description = "Rows back for the naive 'same slot one period earlier' baseline (default: the batch size)." };
        var python = new Option<bool>("--python") { Description = "Also run the naive Python loop (bench/python/naive_retrain.py: scikit-learn retrained every batch on the newest rows) on the same batches and features, and print its figures beside ours (needs python3-sklearn and python3-pandas)." };
        var pythonWindow = new Option<int?>("--python-window-rows") { Description = "With --python: the naive loop's training window in rows (default: the spec's window.maxRows, or every row)." };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for backtest.json, the charts and one store per policy.", DefaultValueFactory = _ => new DirectoryInfo("backtest-out") };
        var command = new Command("backtest", "Replay a labeled CSV batch by batch through the real pipeline under several retraining policies and compare quality, cost and baselines.")
        {
            data, specFile, batchRows, batchPeriod, latency, evalFrom, policies, naiveLag, python, pythonWindow, output,
        };
        var overrides = BacktestSpecOptions.AddTo(command);
        var specArguments = SpecInferenceArguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(data);
            var period = parse.GetValue(batchPeriod) is { } text ? ParsePeriod(text) : null;
            var rowsPerBatch = parse.GetValue(batchRows);
            List<BacktestPolicy> parsedPolicies;
            try
            {
                parsedPolicies = [.. (parse.GetValue(policies) ?? []).Select(BacktestPolicy.Parse)];
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"error: --policies: {ex.Message}");
                return 2;
            }

            if (!file.Exists || (rowsPerBatch is null) == (period is null) || rowsPerBatch is <= 0 || parse.GetValue(latency) < 1 || parse.GetValue(evalFrom) < 1 || parsedPolicies.Count == 0)
            {
                await Console.Error.WriteLineAsync("error: need an existing --data file, exactly one of --batch-rows N (N > 0) or --batch-period (e.g. 7d), --label-latency >= 1, --eval-from >= 1 and at least one policy.");
                return 2;
            }

            var stream = BacktestStream.Read(file.FullName, parse.GetValue(specArguments.Timestamp), rowsPerBatch, period);
            var from = parse.GetValue(evalFrom);
            if (stream.Batches.Count <= from)
            {
                await Console.Error.WriteLineAsync($"error: the stream has {stream.Batches.Count} batches; --eval-from {from} leaves none to score.");
                return 2;
            }

            ModelSpec spec;
            try
            {
                using var history = new MemoryStream(stream.ToCsv(0, from - 1));
                var inferred = ModelSpecInferrer.Infer(history, specArguments.ToOptions(parse, "backtest")).Spec;
                var given = parse.GetValue(specFile) is { } specPath
                    ? ModelSpecStore.Parse(await File.ReadAllBytesAsync(specPath.FullName, cancellationToken), specPath.FullName) with { Name = inferred.Name }
                    : inferred;
                spec = BacktestRunner.EnsureBacktestable(overrides.Apply(parse, given));
            }
            catch (ModelSpecException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }

            var options = new BacktestOptions(
                spec.Name,
                from,
                parse.GetValue(latency),
                parse.GetValue(naiveLag) ?? stream.Batches[0].Count,
                spec.EffectiveTrainers,
                spec.Window);
            var reference = parse.GetValue(python) ? new PythonReference(parse.GetValue(pythonWindow)) : null;
            var report = await RunAsync(file.FullName, stream, spec, options, parsedPolicies, parse.GetRequiredValue(output).FullName, cancellationToken, reference);
            Print(report);
            return 0;
        });
        return command;
    }

    /// <summary>Prints the backtest's plan, runs it with <see cref="BacktestRunner"/> (printing each retrain and each policy's figures) and returns the report.</summary>
    internal static Task<BacktestReport> RunAsync(
        string dataPath,
        BacktestStream stream,
        ModelSpec spec,
        BacktestOptions options,
        IReadOnlyList<BacktestPolicy> policies,
        string outputFolder,
        CancellationToken cancellationToken,
        PythonReference? python = null)
    {
        Console.WriteLine($"Backtest of {Path.GetFileName(dataPath)}: {spec.Task}, label '{spec.Label.Column}'{(spec.Label.PositiveClass is null ? string.Empty : $" (positive '{spec.Label.PositiveClass}')")}, {spec.Features.Count} features, {stream.Rows.Count:N0} rows in {stream.Batches.Count} batches, scored from batch {options.EvalFrom}, label latency {options.LabelLatency} batch(es), window {BacktestRunner.DescribeWindow(spec.Window)}, trainers {string.Join(", ", options.Trainers)}, gate {spec.Gate.Mode}{(spec.Gate.Mode == GateMode.NonInferiority ? $" (margin {spec.Gate.NonInferiorityMargin})" : string.Empty)}, slices {spec.Gate.SliceRegression}.");
        var runner = new BacktestRunner(stream, spec, options, EngineSettings.FromEnvironment().ToEngineOptions());
        return runner.RunAsync(dataPath, policies, outputFolder, python, new ConsoleObserver(BacktestRunner.PrimaryMetric(spec.Task)), cancellationToken);
    }

    private static void Print(BacktestReport report)
    {
        var names = report.Task == nameof(ModelTask.Regression) ? new[] { "mae", "rmse", "r2" } : ["accuracy", "f1", "kappa", "kappaTemporal"];
        var table = Terminal.Table(["policy", .. names, "retrains", "deployments", "training rows", "seconds"]);
        foreach (var p in report.Policies)
        {
            Terminal.Figures(table, [p.Name, .. names.Select(n => Format(p.Metrics, n)), Invariant(p.Retrains), Invariant(p.Deployments), Invariant(p.TrainingRows), p.Seconds.ToString("0.0", CultureInfo.InvariantCulture)]);
        }

        foreach (var (name, metrics) in report.Baselines)
        {
            Terminal.Figures(table, [name, .. names.Select(n => Format(metrics, n)), "-", "-", "-", "-"]);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Prequential figures over {report.ScoredRows:N0} rows (batches {report.EvalFrom}-{report.Batches - 1}), label latency {report.LabelLatency} batch(es), window {report.Window}:"));
        Console.WriteLine(Terminal.Plain(table));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total {report.Seconds:0.0} s on {report.Cores} core(s). backtest.json, timeline.svg and quality-cost.svg written."));
    }

    private static string Format(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static TimeSpan? ParsePeriod(string text)
    {
        var unit = text[^1];
        var number = double.Parse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture);
        return unit switch
        {
            'd' => TimeSpan.FromDays(number),
            'h' => TimeSpan.FromHours(number),
            'w' => TimeSpan.FromDays(7 * number),
            _ => throw new FormatException($"--batch-period '{text}': use a number followed by h, d or w."),
        };
    }

    /// <summary>Prints each retrain's outcome, each policy's figures and why the Python reference did not run.</summary>
    private sealed class ConsoleObserver(string primary) : IBacktestObserver
    {
        public void OnBatch(BacktestPolicy policy, BatchPoint point)
        {
            if (point.Outcome is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {policy.Name,-14} batch {point.Batch,4}: {point.Outcome,-9} {point.Reason}"));
            }
        }

        public void OnPolicyCompleted(PolicyResult result) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Name}: {primary} {result.Metrics[primary]:0.####}, {result.Retrains} retrain(s), {result.Deployments} deployment(s), {result.Seconds:0.0} s"));

        public void OnPythonReferenceSkipped(string reason) =>
            Console.Error.WriteLine($"warning: --python: {reason}; the report has no Python figures.");
    }
}
