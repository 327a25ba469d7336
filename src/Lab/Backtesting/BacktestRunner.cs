using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>
/// A whole backtest: replays <paramref name="stream"/> under each policy through the real pipeline (one store per policy,
/// <see cref="Backtester"/>), adds the fixed baselines (majority class or mean, the naive "same slot one period earlier",
/// trained once and, on request, the naive Python loop), and writes <c>backtest.json</c>, <c>timeline.svg</c> and
/// <c>quality-cost.svg</c> to the output folder. <c>retrain backtest</c> runs it; any host can.
/// </summary>
/// <param name="stream">The stream to replay.</param>
/// <param name="spec">The spec to replay (<see cref="EnsureBacktestable"/>).</param>
/// <param name="options">What to replay and how.</param>
/// <param name="engine">The in-process Durable engine each policy's replay starts (default: in memory).</param>
public sealed class BacktestRunner(BacktestStream stream, ModelSpec spec, BacktestOptions options, LocalDurableEngineOptions? engine = null)
{
    /// <summary>Returns <paramref name="spec"/>, or throws <see cref="ModelSpecException"/> when it is invalid (against the built-in trainers) or multiclass.</summary>
    public static ModelSpec EnsureBacktestable(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Task == ModelTask.MulticlassClassification)
        {
            throw new ModelSpecException("backtests support binary classification and regression.");
        }

        return ModelSpecValidator.EnsureValid(spec, "(backtest)", TrainerRegistry.BuiltIn);
    }

    /// <summary>The metric a backtest ranks by: <c>mae</c> for regression, <c>accuracy</c> otherwise.</summary>
    public static string PrimaryMetric(ModelTask task) => task == ModelTask.Regression ? "mae" : "accuracy";

    /// <summary>The training window for people: sliding or expanding, candidate windows, recency weighting.</summary>
    public static string DescribeWindow(WindowSpec window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return (window.MaxRows > 0 ? $"sliding {window.MaxRows} rows" : window.MaxAgeDays is { } d ? $"sliding {d} days" : "expanding")
            + (window.CandidateRows.Count > 0 ? $", candidate windows {string.Join("/", window.CandidateRows)} rows" : string.Empty)
            + (window.RecencyHalfLifeRows is { } h ? $", recency half-life {h} rows" : string.Empty);
    }

    /// <summary>Runs every policy, adds the baselines, writes the report and the charts to <paramref name="outputFolder"/> and returns the report.</summary>
    /// <param name="dataPath">The replayed file, as the report names it.</param>
    /// <param name="policies">The policies to compare, in order.</param>
    /// <param name="outputFolder">Folder for <c>backtest.json</c>, the charts and one store per policy (<c>stores/NAME</c>).</param>
    /// <param name="python">Run the naive Python loop beside the backtest; null: do not.</param>
    /// <param name="observer">Hears of each batch and policy; null: nobody.</param>
    /// <param name="cancellationToken">Cancels the backtest.</param>
    public async Task<BacktestReport> RunAsync(
        string dataPath,
        IReadOnlyList<BacktestPolicy> policies,
        string outputFolder,
        PythonReference? python = null,
        IBacktestObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outputFolder);
        var labels = Labels(stream, spec);
        var backtester = new Backtester(stream, options, spec, labels, engine);
        var results = new List<PolicyResult>();
        foreach (var policy in policies)
        {
            var (result, _) = await backtester.RunAsync(
                policy,
                Path.Combine(outputFolder, "stores", policy.Name),
                observer is null ? null : point => observer.OnBatch(policy, point),
                cancellationToken);
            results.Add(result);
            observer?.OnPolicyCompleted(result);
        }

        var scoredStart = stream.Batches[options.EvalFrom].Start;
        var baselines = Baselines(stream, spec, options, labels, scoredStart);
        if (results.FirstOrDefault(r => r.Policy.HasTriggers == false) is { } once)
        {
            baselines["trained once"] = once.Metrics;
        }

        if (python is not null)
        {
            await AddPythonReferenceAsync(baselines, python, outputFolder, observer, cancellationToken);
        }

        var report = new BacktestReport(
            dataPath,
            spec.Task.ToString(),
            spec.Label.Column,
            stream.Rows.Count,
            stream.Batches.Count,
            options.EvalFrom,
            options.LabelLatency,
            stream.Rows.Count - scoredStart,
            DescribeWindow(spec.Window),
            [.. options.Trainers.Select(t => t.ToString())],
            PrimaryMetric(spec.Task),
            results,
            baselines,
            Environment.ProcessorCount,
            Math.Round(clock.Elapsed.TotalSeconds, 1));
        await File.WriteAllTextAsync(Path.Combine(outputFolder, "backtest.json"), JsonSerializer.Serialize(report, RetrainJson.Options), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outputFolder, "timeline.svg"), SvgCharts.Timeline(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outputFolder, "quality-cost.svg"), SvgCharts.QualityCost(report), cancellationToken);
        return report;
    }

    /// <summary>The labels as numbers: 1/0 for binary classification (positive class or not), the value for regression.</summary>
    public static IReadOnlyList<double> Labels(BacktestStream stream, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spec);
        var index = stream.Header.ToList().IndexOf(spec.Label.Column);
        return spec.Task == ModelTask.Regression
            ? [.. stream.Rows.Select(r => double.Parse(r[index], NumberStyles.Float, CultureInfo.InvariantCulture))]
            : [.. stream.Rows.Select(r => string.Equals(r[index].Trim(), spec.Label.PositiveClass?.Trim(), StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0)];
    }

    /// <summary>
    /// Majority class (or mean) of the labels revealed when each batch is predicted, and the naive "same slot one period
    /// earlier" prediction: the label <see cref="BacktestOptions.NaiveLagRows"/> rows back if it has been revealed under the
    /// latency, the majority (or mean) otherwise.
    /// </summary>
    public static Dictionary<string, IReadOnlyDictionary<string, double>> Baselines(BacktestStream stream, ModelSpec spec, BacktestOptions options, IReadOnlyList<double> labels, int scoredStart)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(labels);
        var majority = new List<double>();
        var naive = new List<double>();
        for (var b = options.EvalFrom; b < stream.Batches.Count; b++)
        {
            var revealedBatch = b - options.LabelLatency;
            var revealedRows = revealedBatch < 0 ? 0 : stream.Batches[revealedBatch].Start + stream.Batches[revealedBatch].Count;
            var fallback = Backtester.Fallback(spec.Task, [.. labels.Take(revealedRows)]);
            var (start, count) = stream.Batches[b];
            for (var i = start; i < start + count; i++)
            {
                majority.Add(fallback);
                var back = i - options.NaiveLagRows;
                naive.Add(back >= 0 && back < revealedRows ? labels[back] : fallback);
            }
        }

        var naiveName = string.Create(CultureInfo.InvariantCulture, $"naive (label {options.NaiveLagRows} rows back, if revealed)");
        return new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
        {
            [spec.Task == ModelTask.Regression ? "mean" : "majority class"] = Backtester.Metrics(spec.Task, labels, scoredStart, majority),
            [naiveName] = Backtester.Metrics(spec.Task, labels, scoredStart, naive),
        };
    }

    /// <summary>Runs the naive Python loop and adds its figures to <paramref name="baselines"/>; tells the observer when it could not run.</summary>
    private async Task AddPythonReferenceAsync(
        Dictionary<string, IReadOnlyDictionary<string, double>> baselines,
        PythonReference python,
        string outputFolder,
        IBacktestObserver? observer,
        CancellationToken cancellationToken)
    {
        var (reference, error) = await NaiveReference.RunAsync(stream, spec, options.EvalFrom, python.WindowRows, outputFolder, cancellationToken);
        foreach (var (name, metrics) in reference ?? [])
        {
            baselines[name] = metrics;
        }

        if (error is not null)
        {
            observer?.OnPythonReferenceSkipped(error);
        }
    }
}
