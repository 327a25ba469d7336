using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain drift-benchmark</c>: profile + validate + drift of 23 columns, N new rows against an N-row reference,
/// measured end to end from the stored data (a local folder store), optionally side by side with pandas/scipy.
/// </summary>
internal static class DriftBenchmarkCommand
{
    private const int NumericColumns = 18;
    private const int CategoricalColumns = 4;

    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the reference and of the new data.", DefaultValueFactory = _ => 1_000_000 };
        var folder = new Option<DirectoryInfo>("--dir") { Description = "Folder store for the generated data (kept between runs).", DefaultValueFactory = _ => new DirectoryInfo(".retrain-bench") };
        var python = new Option<bool>("--python") { Description = "Also time pandas/numpy profiling and scipy drift on the same files (needs python3-pandas and python3-scipy)." };
        var command = new Command("drift-benchmark", "Time profile + validate + drift of 23 columns (1,000,000 new rows vs a 1,000,000-row reference by default), from the stored CSVs.") { rows, folder, python };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(rows);
            if (count < 10)
            {
                await Console.Error.WriteLineAsync("error: --rows must be at least 10.");
                return 2;
            }

            var root = parse.GetRequiredValue(folder);
            var store = new LocalFolderArtifactStore(root.FullName);
            var spec = Spec();
            var referencePath = ArtifactPaths.Scratch("drift-benchmark", $"reference-{count}.csv");
            var currentPath = ArtifactPaths.Scratch("drift-benchmark", $"current-{count}.csv");
            foreach (var (path, seed, shifted) in new[] { (referencePath, 1, false), (currentPath, 2, true) })
            {
                if (!await store.ExistsAsync(path, cancellationToken))
                {
                    Console.WriteLine($"Generating {path} ({count:N0} rows, 23 columns)...");
                    await store.WriteBytesAsync(path, Generate(count, seed, shifted), ArtifactWriteCondition.None, cancellationToken);
                }
            }

            var bytes = (await store.GetPropertiesAsync(referencePath, cancellationToken))!.Length + (await store.GetPropertiesAsync(currentPath, cancellationToken))!.Length;
            Console.WriteLine($"Data: {count:N0} + {count:N0} rows, {NumericColumns} numeric + {CategoricalColumns} categorical features + a binary label, {bytes / 1e6:0} MB in {root.FullName}.");
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

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                .NET (this machine, {Environment.ProcessorCount} cores), streaming from the store in one pass:
                  read + profile reference   {referenceSeconds,7:0.00} s
                  read + profile new data    {currentSeconds,7:0.00} s
                  validate + drift           {driftSeconds,7:0.000} s   ({findings.Count} finding(s); drifted: {string.Join(", ", report.DriftedFeatures)})
                  whole step                 {totalSeconds,7:0.00} s   peak working set {peak / 1e6:0} MB
                .NET, bytes loaded into memory first:
                  load both files            {loadSeconds,7:0.00} s
                  profile + validate + drift {loadedSeconds,7:0.00} s   (target <= 1.4 s)
                """));
            if (parse.GetValue(python))
            {
                await RunPythonAsync(root, referencePath, currentPath, totalSeconds, cancellationToken);
            }

            return 0;
        });
        return command;
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

    private static ModelSpec Spec() => new()
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

    private static byte[] Generate(int rows, int seed, bool shifted)
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

    private static async Task RunPythonAsync(DirectoryInfo root, string referencePath, string currentPath, double dotnetSeconds, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"drift-benchmark-{Environment.ProcessId}.py");
        await File.WriteAllTextAsync(script, PythonScript, cancellationToken);
        try
        {
            var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(Path.Combine(root.FullName, referencePath));
            start.ArgumentList.Add(Path.Combine(root.FullName, currentPath));
            using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                await Console.Error.WriteLineAsync($"python3 failed ({process.ExitCode}): {error}");
                return;
            }

            Console.Write(output);
            var total = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("whole step", StringComparison.Ordinal));
            if (total is not null && double.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var pythonSeconds))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ratio .NET / Python, whole step: {dotnetSeconds / pythonSeconds:0.00} (target <= 0.25)."));
            }
        }
        finally
        {
            File.Delete(script);
        }
    }

    private const string PythonScript = """
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
