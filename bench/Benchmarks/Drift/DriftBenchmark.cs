using System.Diagnostics;
using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Benchmarks.Drift;

/// <summary>
/// The benchmark of <c>retrain drift-benchmark</c>: profile + validate + drift of 23 columns, N new rows against an
/// N-row reference, measured end to end from the stored data, and the same work split as the issue's reference figures
/// (load the bytes first, then profile from memory); optionally the pandas/scipy version on the same files.
/// </summary>
public static class DriftBenchmark
{
    /// <summary>Numeric features of the generated data.</summary>
    public const int NumericColumns = 18;

    /// <summary>Categorical features of the generated data.</summary>
    public const int CategoricalColumns = 4;

    /// <summary>Where the reference of <paramref name="rows"/> rows is stored.</summary>
    public static string ReferencePath(int rows) => ScratchArtifacts.File("drift-benchmark", string.Create(CultureInfo.InvariantCulture, $"reference-{rows}.csv"));

    /// <summary>Where the new data of <paramref name="rows"/> rows is stored.</summary>
    public static string CurrentPath(int rows) => ScratchArtifacts.File("drift-benchmark", string.Create(CultureInfo.InvariantCulture, $"current-{rows}.csv"));

    /// <summary>Times the step on the files at <paramref name="referencePath"/> and <paramref name="currentPath"/> in <paramref name="store"/>.</summary>
    public static async Task<DriftBenchmarkFigures> MeasureAsync(IArtifactStore store, string referencePath, string currentPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var spec = Spec();
        GC.Collect();
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        var reference = await ProfileAsync(store, referencePath, spec, cancellationToken);
        var referenceSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var current = await ProfileAsync(store, currentPath, spec, cancellationToken);
        var currentSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var findings = ProfileChecks.Check(current, reference, spec);
        var report = DriftDetector.Compare(reference, current, spec.Drift, DriftReferenceKind.Production, "benchmark reference");
        var driftSeconds = watch.Elapsed.TotalSeconds;
        var totalSeconds = total.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        // The same work split as the issue's reference figures: load the bytes first, then profile from memory.
        watch.Restart();
        var referenceBytes = await ReadAllAsync(store, referencePath, cancellationToken);
        var currentBytes = await ReadAllAsync(store, currentPath, cancellationToken);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var loadedReference = DatasetProfiler.Profile(new MemoryStream(referenceBytes), spec);
        var loadedCurrent = DatasetProfiler.Profile(new MemoryStream(currentBytes), spec);
        ProfileChecks.Check(loadedCurrent, loadedReference, spec);
        DriftDetector.Compare(loadedReference, loadedCurrent, spec.Drift, DriftReferenceKind.Production, "benchmark reference");
        var loadedSeconds = watch.Elapsed.TotalSeconds;
        return new DriftBenchmarkFigures(referenceSeconds, currentSeconds, driftSeconds, totalSeconds, peak, findings.Count, report.DriftedFeatures, loadSeconds, loadedSeconds);
    }

    /// <summary>
    /// Runs the pandas/scipy version on the two files (Debian's <c>/usr/bin/python3</c> when present); returns its exit
    /// code, what it printed and its standard error. Throws when python3 does not start.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunPythonAsync(string referenceFile, string currentFile, CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(Path.GetTempPath(), $"drift-benchmark-{Environment.ProcessId}.py");
        await File.WriteAllTextAsync(script, PythonScriptText, cancellationToken);
        try
        {
            var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(referenceFile);
            start.ArgumentList.Add(currentFile);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, output, error);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The Python script's whole-step seconds, from its output; null when it printed none.</summary>
    public static double? PythonWholeStepSeconds(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var total = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("whole step", StringComparison.Ordinal));
        return total is not null && double.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
    }

    /// <summary>The spec of the generated data: <see cref="NumericColumns"/> numeric and <see cref="CategoricalColumns"/> categorical features, a binary label <c>y</c>.</summary>
    public static ModelSpec Spec() => new()
    {
        Name = "drift-benchmark",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("y", "1"),
        Features =
        [
            .. Enumerable.Range(0, NumericColumns).Select(i => new FeatureSpec($"n{i}", FeatureType.Numeric)),
            .. Enumerable.Range(0, CategoricalColumns).Select(i => new FeatureSpec($"c{i}", FeatureType.Categorical)),
        ],
    };

    /// <summary>Generates <paramref name="rows"/> rows as CSV; <paramref name="shifted"/> moves three numeric features and skews the first categorical one.</summary>
    public static byte[] Generate(int rows, int seed, bool shifted)
    {
        var random = new Random(seed);
        var text = new StringBuilder(rows * 160);
        text.AppendJoin(',', Enumerable.Range(0, NumericColumns).Select(i => $"n{i}").Concat(Enumerable.Range(0, CategoricalColumns).Select(i => $"c{i}")).Append("y")).Append('\n');
        Span<char> buffer = stackalloc char[32];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < NumericColumns; i++)
            {
                var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var value = (i * 10) + (z * (1 + i)) + (shifted && i < 3 ? 1 + i : 0);
                value.TryFormat(buffer, out var written, "0.#####", CultureInfo.InvariantCulture);
                text.Append(buffer[..written]).Append(',');
            }

            for (var i = 0; i < CategoricalColumns; i++)
            {
                var categories = 5 + (i * 10);
                var pick = shifted && i == 0 ? Math.Min(categories - 1, (int)(random.NextDouble() * random.NextDouble() * categories)) : random.Next(categories);
                text.Append('k').Append(pick.ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(random.NextDouble() < 0.3 ? '1' : '0').Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<byte[]> ReadAllAsync(IArtifactStore store, string path, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, cancellationToken);
        return memory.ToArray();
    }

    private static async Task<DatasetProfile> ProfileAsync(IArtifactStore store, string path, ModelSpec spec, CancellationToken cancellationToken)
    {
        var profiler = new DatasetProfiler(spec);
        profiler.Add(await store.OpenReadAsync(path, cancellationToken));
        return profiler.Build();
    }

    /// <summary>The pandas/scipy version of the same work, run by <see cref="RunPythonAsync"/>.</summary>
    private const string PythonScriptText = """
        import sys, time
        import numpy as np, pandas as pd
        from scipy import stats
        from scipy.spatial.distance import jensenshannon

        def profile(df):
            num = df.select_dtypes('number')
            out = {'describe': num.describe(percentiles=[.01, .05, .1, .25, .5, .75, .9, .95, .99]),
                   'missing': df.isna().mean(),
                   'hist': {c: np.histogram(num[c].dropna(), bins=20) for c in num.columns}}
            out['cats'] = {c: df[c].value_counts() for c in df.columns if df[c].dtype == object}
            return out

        def psi(r, c, bins=10):
            edges = np.unique(np.quantile(r, np.linspace(0, 1, bins + 1)[1:-1]))
            rp = np.bincount(np.searchsorted(edges, r), minlength=len(edges) + 1) / len(r)
            cp = np.bincount(np.searchsorted(edges, c), minlength=len(edges) + 1) / len(c)
            rp, cp = np.clip(rp, 1e-4, None), np.clip(cp, 1e-4, None)
            return float(np.sum((cp - rp) * np.log(cp / rp))), rp, cp

        t0 = time.perf_counter()
        ref = pd.read_csv(sys.argv[1], dtype={'y': str}); t1 = time.perf_counter()
        cur = pd.read_csv(sys.argv[2], dtype={'y': str}); t2 = time.perf_counter()
        pr, pc = profile(ref), profile(cur); t3 = time.perf_counter()
        for col in ref.columns:
            if col == 'y' or ref[col].dtype == object:
                rc, cc = ref[col].value_counts(), cur[col].value_counts()
                cats = rc.index.union(cc.index)
                table = np.vstack([rc.reindex(cats, fill_value=0).values, cc.reindex(cats, fill_value=0).values])
                stats.chi2_contingency(table)
                jensenshannon(table[0] / table[0].sum(), table[1] / table[1].sum(), base=2)
            else:
                r, c = ref[col].dropna().values, cur[col].dropna().values
                stats.ks_2samp(r, c)
                _, rp, cp = psi(r, c)
                jensenshannon(rp, cp, base=2)
                stats.wasserstein_distance(r, c)
        t4 = time.perf_counter()
        print(f"Python (pandas {pd.__version__}, scipy):")
        print(f"  read reference           {t1 - t0:7.2f} s")
        print(f"  read new data            {t2 - t1:7.2f} s")
        print(f"  profile both             {t3 - t2:7.2f} s")
        print(f"  drift (KS, chi2, PSI, JS, W1) {t4 - t3:7.2f} s")
        print(f"  whole step {t4 - t0:.2f} s")
        """;
}
