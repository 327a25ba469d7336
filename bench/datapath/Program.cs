using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;
using RetrainFunctions.Benchmarks;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Profiling;

// Micro-benchmarks behind the data path's choices (docs/performance.md, "twelfth session"), on the bench's generated
// drifted file (BenchDataset: 20 numeric columns, 3 categoricals, a label and a timestamp):
//   csv         the hand-written UTF-8 scanner (Utf8RecordScanner + Utf8Number, what inspection, the profiler and the
//               snapshot use) against Sep 0.18 read on one thread and with its ParallelEnumerate; each parses the 20 numeric
//               columns into floats and hashes the 3 categorical fields;
//   typed-copy  what a typed copy of a batch made at acceptance would cost: the batch parsed into typed columns as the
//               snapshot parses it (SnapshotTable), written and read back as ML.NET binary (SaveAsBinary, its default
//               Deflate blocks) and as Parquet (Parquet.Net, Snappy);
//   lightgbm    what feeding LightGbm costs: the spec's featurization over the typed rows, then LightGbm fitted for 1
//               iteration (its two passes over the data — sampling for the bins, then pushing every row — and one tree)
//               and for 100, streaming from the featurizer as the trainer does today and from an in-memory cache;
//   trees       scoring the newest 20 % of the rows with a 100-iteration LightGbm model fitted on the rest: ML.NET's tree
//               ensemble against a hand-written walk of the same public trees over dense rows (checked bit for bit).
// Prints the median of the repeats for each figure.
//
//   dotnet run -c Release --project bench/datapath -- [csv|typed-copy|lightgbm|trees|all] [rows] [repeats]
var mode = args.Length > 0 ? args[0] : "all";
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var folder = Directory.CreateTempSubdirectory("datapath-bench-").FullName;
try
{
    var csv = Path.Combine(folder, "current.csv");
    BenchDataset.Write(csv, rows, drifted: true, seed: 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows ({new FileInfo(csv).Length / 1e6:F1} MB of CSV), {repeats} repeats, {Environment.ProcessorCount} cores; medians in seconds"));
    if (mode is "csv" or "all")
    {
        CsvParsing.Run(csv, rows, repeats);
    }

    if (mode is "typed-copy" or "all")
    {
        await TypedCopy.RunAsync(csv, folder, repeats);
    }

    if (mode is "lightgbm" or "all")
    {
        LightGbmFeed.Run(csv, repeats);
    }

    if (mode is "trees" or "all")
    {
        TreeScoring.Run(csv, repeats);
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

internal static class Timing
{
    public static double Median(int repeats, Action action) =>
        MedianAsync(repeats, () =>
        {
            action();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    public static async Task<double> MedianAsync(int repeats, Func<Task> action)
    {
        var seconds = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        return seconds[repeats / 2];
    }

    public static void Print(string what, double seconds) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-78} {seconds,7:F3}"));
}

/// <summary>The same work on both sides: 20 numeric fields to float (empty = NaN), 3 categorical fields hashed.</summary>
internal static class CsvParsing
{
    private const int Numeric = BenchDataset.NumericCount;

    public static void Run(string csv, int rows, int repeats)
    {
        var numbers = Enumerable.Range(0, Numeric).Select(_ => new float[rows]).ToArray();
        var categories = Enumerable.Range(0, 3).Select(_ => new int[rows]).ToArray();
        Console.WriteLine("csv: parse the numeric columns to float, hash the categorical fields");
        Ours(csv, numbers, categories);
        var ours = Timing.Median(repeats, () => Ours(csv, numbers, categories));
        var check = numbers[3][rows / 2];
        var sep = Timing.Median(repeats, () => SepOneThread(csv, numbers, categories));
        var parallel = Timing.Median(repeats, () => SepParallel(csv, numbers, categories));
        if (BitConverter.SingleToInt32Bits(numbers[3][rows / 2]) != BitConverter.SingleToInt32Bits(check))
        {
            throw new InvalidOperationException("Sep and the scanner parsed different values.");
        }

        Timing.Print("hand-written scanner (Utf8RecordScanner + Utf8Number), one thread", ours);
        Timing.Print("Sep 0.18, one thread (row[i].Parse<double>, csFastFloat)", sep);
        Timing.Print($"Sep 0.18, ParallelEnumerate on {Environment.ProcessorCount} cores", parallel);
    }

    private static void Ours(string csv, float[][] numbers, int[][] categories)
    {
        using var scanner = new Utf8RecordScanner(File.OpenRead(csv));
        scanner.ReadHeader();
        var r = 0;
        while (scanner.Next())
        {
            for (var c = 0; c < Numeric; c++)
            {
                var field = scanner.Field(c).Trim((byte)' ');
                numbers[c][r] = !field.IsEmpty && Utf8Number.TryParseFinite(field, out var value) ? (float)value : float.NaN;
            }

            for (var c = 0; c < 3; c++)
            {
                categories[c][r] = Hash(scanner.Field(Numeric + c));
            }

            r++;
        }
    }

    private static void SepOneThread(string csv, float[][] numbers, int[][] categories)
    {
        using var reader = Sep.Reader(o => o with { HasHeader = true }).FromFile(csv);
        var r = 0;
        foreach (var row in reader)
        {
            for (var c = 0; c < Numeric; c++)
            {
                numbers[c][r] = row[c].Span.Trim(' ').IsEmpty ? float.NaN : (float)row[c].Parse<double>();
            }

            for (var c = 0; c < 3; c++)
            {
                categories[c][r] = Hash(row[Numeric + c].Span);
            }

            r++;
        }
    }

    private static void SepParallel(string csv, float[][] numbers, int[][] categories)
    {
        using var reader = Sep.Reader(o => o with { HasHeader = true }).FromFile(csv);
        var r = 0;
        foreach (var (values, codes) in reader.ParallelEnumerate(row =>
        {
            var values = new float[Numeric];
            for (var c = 0; c < Numeric; c++)
            {
                values[c] = row[c].Span.Trim(' ').IsEmpty ? float.NaN : (float)row[c].Parse<double>();
            }

            return (values, (Hash(row[Numeric].Span), Hash(row[Numeric + 1].Span), Hash(row[Numeric + 2].Span)));
        }))
        {
            for (var c = 0; c < Numeric; c++)
            {
                numbers[c][r] = values[c];
            }

            (categories[0][r], categories[1][r], categories[2][r]) = codes;
            r++;
        }
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 17;
        foreach (var b in bytes)
        {
            hash = (hash * 31) + b;
        }

        return hash;
    }

    private static int Hash(ReadOnlySpan<char> chars)
    {
        var hash = 17;
        foreach (var c in chars)
        {
            hash = (hash * 31) + c;
        }

        return hash;
    }
}

/// <summary>A batch parsed into typed columns as the snapshot does, then written and read back in two typed formats.</summary>
internal static class TypedCopy
{
    public static async Task RunAsync(string csv, string folder, int repeats)
    {
        var spec = BenchDataset.Spec("bench");
        SnapshotTable table = null!;
        var parse = Timing.Median(repeats, () =>
        {
            table = new SnapshotTable(spec);
            using var stream = File.OpenRead(csv);
            table.Append(stream, 0, "batch");
        });
        var ml = new MLContext(seed: 1);
        var order = Enumerable.Range(0, table.Rows).ToArray();
        var binary = Path.Combine(folder, "batch.idv");
        var writeBinary = Timing.Median(repeats, () =>
        {
            using var file = File.Create(binary);
            ml.Data.SaveAsBinary(new SnapshotSplitView(table, order, 0, table.Rows), file);
        });
        var readBinary = Timing.Median(repeats, () => ReadAll(ml.Data.LoadFromBinary(binary)));
        var parquet = Path.Combine(folder, "batch.parquet");
        var writeParquet = await Timing.MedianAsync(repeats, () => WriteParquetAsync(table, parquet));
        var readParquet = await Timing.MedianAsync(repeats, () => ReadParquetAsync(parquet));
        Console.WriteLine("typed-copy: a batch parsed into typed columns, then written and read back");
        Timing.Print("parse the CSV into typed columns (SnapshotTable.Append, as the snapshot)", parse);
        Timing.Print($"write ML.NET binary, Deflate blocks ({new FileInfo(binary).Length / 1e6:F1} MB)", writeBinary);
        Timing.Print("read ML.NET binary, every column", readBinary);
        Timing.Print($"write Parquet, Snappy ({new FileInfo(parquet).Length / 1e6:F1} MB)", writeParquet);
        Timing.Print("read Parquet, every column", readParquet);
    }

    private static void ReadAll(IDataView view)
    {
        using var cursor = view.GetRowCursor(view.Schema);
        var floats = view.Schema.Where(c => c.Type == NumberDataViewType.Single).Select(cursor.GetGetter<float>).ToArray();
        var texts = view.Schema.Where(c => c.Type is TextDataViewType).Select(cursor.GetGetter<ReadOnlyMemory<char>>).ToArray();
        float number = 0;
        ReadOnlyMemory<char> text = default;
        while (cursor.MoveNext())
        {
            foreach (var getter in floats)
            {
                getter(ref number);
            }

            foreach (var getter in texts)
            {
                getter(ref text);
            }
        }
    }

    private static async Task WriteParquetAsync(SnapshotTable table, string path)
    {
        var spec = table.Spec;
        var names = spec.Features.Select(f => f.Name).Append(spec.Label.Column).ToArray();
        var fields = names.Select((name, c) => table.IsNumeric(c) ? (DataField)new DataField<float>(name) : new DataField<string>(name))
            .Append(new DataField<long>(spec.TimestampColumn!)).ToArray();
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy });
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < names.Length; c++)
        {
            if (table.IsNumeric(c))
            {
                await group.WriteAsync<float>(fields[c], table.Numbers(c).ToArray().AsMemory());
            }
            else
            {
                await group.WriteAsync(fields[c], Strings(table, c));
            }
        }

        await group.WriteAsync<long>(fields[^1], table.Ticks.ToArray().AsMemory());
    }

    private static string?[] Strings(SnapshotTable table, int column)
    {
        var codes = table.Codes(column);
        var strings = table.Strings(column);
        var values = new string?[codes.Length];
        for (var r = 0; r < codes.Length; r++)
        {
            values[r] = codes[r] >= 0 ? strings[codes[r]] : null;
        }

        return values;
    }

    private static async Task ReadParquetAsync(string path)
    {
        await using var file = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(file);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = checked((int)group.RowCount);
            foreach (var field in reader.Schema.GetDataFields())
            {
                if (field.ClrType == typeof(float))
                {
                    await group.ReadAsync(field, new float[count].AsMemory());
                }
                else if (field.ClrType == typeof(long))
                {
                    await group.ReadAsync(field, new long[count].AsMemory());
                }
                else
                {
                    await group.ReadAsync(field, new string?[count].AsMemory());
                }
            }
        }
    }
}

/// <summary>The bench's LightGbm model scored by ML.NET and by a hand-written walk of its public trees, on cached features.</summary>
internal static class TreeScoring
{
    public static void Run(string csv, int repeats)
    {
        var (ml, table, featurizer) = LightGbmFeed.Featurize(csv);
        var trainRows = table.Rows * 4 / 5;
        var order = Enumerable.Range(0, table.Rows).ToArray();
        var model = ml.BinaryClassification.Trainers.LightGbm(LightGbmFeed.Options(100))
            .Fit(featurizer.Transform(new SnapshotSplitView(table, order, 0, trainRows)));
        var features = ml.Data.Cache(featurizer.Transform(new SnapshotSplitView(table, order, trainRows, table.Rows - trainRows)), "Features");
        var rows = 0;
        using (var cursor = features.GetRowCursor(features.Schema))
        {
            while (cursor.MoveNext())
            {
                rows++;
            }
        }

        var walker = new TreeWalker(model.Model.SubModel.TrainedTreeEnsemble, model.Model.Calibrator, ((VectorDataViewType)features.Schema["Features"].Type).Size);
        var (mlScores, mlProbabilities) = (new float[rows], new float[rows]);
        var mlnet = Timing.Median(repeats, () =>
        {
            var scored = model.Transform(features);
            using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "Score" or "Probability"));
            var score = cursor.GetGetter<float>(scored.Schema["Score"]);
            var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
            for (var r = 0; cursor.MoveNext(); r++)
            {
                score(ref mlScores[r]);
                probability(ref mlProbabilities[r]);
            }
        });
        var (scores, probabilities) = (new float[rows], new float[rows]);
        var walked = Timing.Median(repeats, () => walker.Score(features, scores, probabilities));
        var differing = Enumerable.Range(0, rows).Count(r => BitConverter.SingleToInt32Bits(scores[r]) != BitConverter.SingleToInt32Bits(mlScores[r])
            || BitConverter.SingleToInt32Bits(probabilities[r]) != BitConverter.SingleToInt32Bits(mlProbabilities[r]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trees: {rows:N0} rows scored by a {walker.Trees}-tree model ({walker.CategoricalSplits} categorical splits); {differing} rows differ from ML.NET's score or probability"));
        Timing.Print("ML.NET's tree ensemble (sparse features, binary search per split)", mlnet);
        Timing.Print("hand-written walk of the same trees over dense features", walked);
    }

    /// <summary>The ensemble's public trees as arrays; a categorical split goes right when any of its slots is above 0, as ML.NET's.</summary>
    private sealed class TreeWalker
    {
        private readonly (int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaf, bool[]?[] Member)[] _trees;
        private readonly int[] _categoricalSlots;
        private readonly double _slope;
        private readonly double _offset;
        private readonly int _slots;

        public TreeWalker(Microsoft.ML.Trainers.FastTree.RegressionTreeEnsemble ensemble, Microsoft.ML.Calibrators.PlattCalibrator calibrator, int slots)
        {
            if (ensemble.Bias != 0 || ensemble.TreeWeights.Any(w => w != 1))
            {
                throw new NotSupportedException("The walker sums unweighted trees without a bias, as LightGbm's ensembles are.");
            }

            _slots = slots;
            _trees = [.. ensemble.Trees.Select(t => (t.LeftChild.ToArray(), t.RightChild.ToArray(), t.NumericalSplitFeatureIndexes.ToArray(), t.NumericalSplitThresholds.ToArray(), t.LeafValues.ToArray(),
                Enumerable.Range(0, t.NumberOfNodes).Select(n => t.CategoricalSplitFlags[n] ? Membership(t.GetCategoricalSplitFeaturesAt(n), slots) : null).ToArray()))];
            _categoricalSlots = [.. ensemble.Trees.SelectMany(t => Enumerable.Range(0, t.NumberOfNodes).Where(n => t.CategoricalSplitFlags[n]).SelectMany(t.GetCategoricalSplitFeaturesAt)).Distinct().Order()];
            CategoricalSplits = ensemble.Trees.Sum(t => t.CategoricalSplitFlags.Count(f => f));
            (_slope, _offset) = (calibrator.Slope, calibrator.Offset);
        }

        public int Trees => _trees.Length;

        public int CategoricalSplits { get; }

        public void Score(IDataView features, float[] scores, float[] probabilities)
        {
            using var cursor = features.GetRowCursor(features.Schema);
            var getter = cursor.GetGetter<VBuffer<float>>(features.Schema["Features"]);
            VBuffer<float> row = default;
            var x = new float[_slots];
            var active = new int[_categoricalSlots.Length];
            for (var r = 0; cursor.MoveNext(); r++)
            {
                getter(ref row);
                row.CopyTo(x);
                var activeCount = 0;
                foreach (var slot in _categoricalSlots)
                {
                    if (x[slot] > 0f)
                    {
                        active[activeCount++] = slot;
                    }
                }

                double output = 0;
                foreach (var (left, right, feature, threshold, leaf, member) in _trees)
                {
                    var node = 0;
                    while (node >= 0)
                    {
                        node = member[node] is { } slots ? (AnyActive(slots, active, activeCount) ? right[node] : left[node])
                            : x[feature[node]] <= threshold[node] ? left[node] : right[node];
                    }

                    output += leaf[~node];
                }

                scores[r] = (float)output;
                probabilities[r] = (float)(1 / (1 + Math.Exp((_slope * scores[r]) + _offset)));
            }
        }

        private static bool AnyActive(bool[] slots, int[] active, int count)
        {
            for (var a = 0; a < count; a++)
            {
                if (slots[active[a]])
                {
                    return true;
                }
            }

            return false;
        }

        private static bool[] Membership(IReadOnlyList<int> features, int slots)
        {
            var member = new bool[slots];
            foreach (var feature in features)
            {
                member[feature] = true;
            }

            return member;
        }
    }
}

/// <summary>LightGbm fitted on the featurized rows: 1 iteration (loading its dataset) against 100, streaming and cached.</summary>
internal static class LightGbmFeed
{
    public static (MLContext Ml, SnapshotTable Table, ITransformer Featurizer) Featurize(string csv)
    {
        var (ml, table, rows, featurizer) = Prepare(csv);
        return (ml, table, featurizer.Fit(rows));
    }

    public static LightGbmBinaryTrainer.Options Options(int iterations) => new()
    {
        NumberOfIterations = iterations,
        NumberOfLeaves = 31,
        NumberOfThreads = Environment.ProcessorCount,
        Seed = 1,
        Silent = true,
    };

    public static void Run(string csv, int repeats)
    {
        var (ml, table, rows, featurizer) = Prepare(csv);
        ITransformer fitted = null!;
        var fitFeaturizer = Timing.Median(repeats, () => fitted = featurizer.Fit(rows));
        var featurized = fitted.Transform(rows);
        IDataView cached = null!;
        var fillCache = Timing.Median(repeats, () =>
        {
            cached = ml.Data.Cache(featurized, "Features", "Label");
            using var cursor = cached.GetRowCursor(cached.Schema.Where(c => c.Name is "Features" or "Label"));
            while (cursor.MoveNext())
            {
            }
        });
        Console.WriteLine($"lightgbm: {table.Rows:N0} rows, {featurized.Schema["Features"].Type}");
        Timing.Print("fit the featurizer (missing values, standardization, one-hot)", fitFeaturizer);
        Timing.Print("featurize every row into an in-memory cache", fillCache);
        foreach (var iterations in new[] { 1, 100 })
        {
            Timing.Print($"LightGbm {iterations} iteration(s), streaming from the featurizer (today)", Timing.Median(repeats, () => Fit(ml, featurized, iterations)));
            Timing.Print($"LightGbm {iterations} iteration(s), from the filled cache", Timing.Median(repeats, () => Fit(ml, cached, iterations)));
        }
    }

    private static (MLContext Ml, SnapshotTable Table, IDataView Rows, IEstimator<ITransformer> Featurizer) Prepare(string csv)
    {
        var spec = BenchDataset.Spec("bench");
        var table = new SnapshotTable(spec);
        using (var stream = File.OpenRead(csv))
        {
            table.Append(stream, 0, "batch");
        }

        var ml = new MLContext(seed: 1);
        IDataView rows = new SnapshotSplitView(table, Enumerable.Range(0, table.Rows).ToArray(), 0, table.Rows);
        var numeric = spec.Features.Where(f => f.Type == RetrainFunctions.Core.Specs.FeatureType.Numeric).Select(f => new InputOutputColumnPair(f.Name)).ToArray();
        var categorical = spec.Features.Where(f => f.Type == RetrainFunctions.Core.Specs.FeatureType.Categorical).Select(f => new InputOutputColumnPair(f.Name)).ToArray();
        var featurizer = ml.Transforms.ReplaceMissingValues(numeric)
            .Append(ml.Transforms.NormalizeMeanVariance(numeric, fixZero: false))
            .Append(ml.Transforms.Categorical.OneHotEncoding(categorical))
            .Append(ml.Transforms.Concatenate("Features", [.. spec.Features.Select(f => f.Name)]));
        return (ml, table, rows, featurizer);
    }

    private static void Fit(MLContext ml, IDataView data, int iterations) =>
        ml.BinaryClassification.Trainers.LightGbm(Options(iterations)).Fit(data);
}
