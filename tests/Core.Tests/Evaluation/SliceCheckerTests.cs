using System.Globalization;
using System.Text;
using Microsoft.ML;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// The one-pass slice search against the reference it replaced (strings per cell, LINQ grouping, one row list per
/// slice; commit bf7aa71), on holdouts with blanks, padding, quotes, unparsable numbers, 0 and −0 and heavy ties.
/// </summary>
public sealed class SliceCheckerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slices-").FullName;

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(2, 3, 1)]
    [InlineData(3, 10, 1)]
    [InlineData(5, 4, 39)]
    [InlineData(6, 3, 7)]
    public void Compare_MessyHoldout_SameSlicesAsTheReference(int seed, int bins, int blockRows)
    {
        // Arrange
        var (path, challenger, champion) = WriteHoldout(seed, rows: 1_500);
        var spec = Spec(new GateSpec { SliceBins = bins, SliceMinRows = 10 });

        // Act
        var fast = SliceChecker.Compare(spec, path, challenger, champion, blockRows);
        var reference = ReferenceCompare(spec, path, challenger, champion, blockRows);

        // Assert
        Assert.NotEmpty(fast);
        Assert.Equal(reference, fast);
    }

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(5, 4, 39)]
    public void Compare_TypedHoldout_SameSlicesAsItsCsv(int seed, int bins, int blockRows)
    {
        // Arrange: the messy holdout as the snapshot stores it (a binary split), and that split written back as CSV.
        var (csv, challenger, champion) = WriteHoldout(seed, rows: 1_500);
        var spec = Spec(new GateSpec { SliceBins = bins, SliceMinRows = 10 });
        var binary = Path.Combine(_folder, $"holdout-{seed}{SpecDataLoader.BinaryExtension}");
        using (var file = File.Create(binary))
        {
            MlContexts.Create().Data.SaveAsBinary(SpecDataLoader.Load(MlContexts.Create(), spec, csv), file);
        }

        var view = SpecDataLoader.Load(MlContexts.Create(), spec, binary);
        using var written = SplitRecords.ToLocalCsv(view, spec, binary);

        // Act
        var typed = SliceChecker.Compare(spec, SplitRecords.ReadBlocks(view, spec, blockRows: 400), challenger, champion, blockRows);
        var fromCsv = SliceChecker.Compare(spec, written.LocalPath, challenger, champion, blockRows);

        // Assert
        Assert.True(typed.Count(s => s.Feature == "x") >= 2, string.Join("; ", typed.Select(s => s.Slice)));
        Assert.Equal(fromCsv, typed);
    }

    [Fact]
    public void Compare_ZeroAndNegativeZeroAtAnEdge_EdgeTakenInRowOrder()
    {
        // Arrange: sorted stably, the order statistics are -1, -0 (row 1), 0, 0, -0, 2, 3; with 6 bins the second edge is
        // the first zero in row order, written "-0", and the other zeros are the same edge.
        var csv = new StringBuilder("color,x,score,label\n");
        string[] xs = ["-1", "-0", "0", "0", "-0", "2", "3"];
        foreach (var x in xs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"red,{x},1,yes\n");
        }

        var path = Path.Combine(_folder, "zeros.csv");
        File.WriteAllText(path, csv.ToString());
        var challenger = Predictions([true, false, true, true, false, true, false]);
        var champion = Predictions([false, true, true, false, false, true, true]);
        var spec = Spec(new GateSpec { SliceBins = 6, SliceMinRows = 1 });

        // Act
        var fast = SliceChecker.Compare(spec, path, challenger, champion);
        var reference = ReferenceCompare(spec, path, challenger, champion);

        // Assert
        Assert.Equal(reference, fast);
        Assert.Equal(["in [-1, -0)", "in [-0, 2)", "in [2, 3]"], fast.Where(s => s.Feature == "x").Select(s => s.Slice));
        Assert.Equal(4, fast.Single(s => s.Slice == "in [-0, 2)").Rows);
    }

    [Fact]
    public void Compare_WorseRowsInOneContiguousStretch_RegressedRowByRowButNotByTimeBlocks()
    {
        // Arrange: 960 comparison rows, "red" on every tenth stretch of 48 rows (a weekend), the challenger wrong and
        // production right on 14 neighbouring red rows, tied elsewhere — one bad afternoon, not a pattern.
        var (path, challenger, champion) = WriteStretches(rows: 960, worseFrom: 100, worseRows: 14, everyOther: false);
        var spec = Spec(new GateSpec { SliceMinRows = 20 });

        // Act
        var byRow = SliceChecker.Compare(spec, path, challenger, champion, blockRows: 1);
        var byBlock = SliceChecker.Compare(spec, path, challenger, champion, blockRows: 31);

        // Assert
        var red = byRow.Single(s => s.Feature == "color" && s.Slice == "= red");
        Assert.True(red.Regressed);
        Assert.Equal((14, 0), (red.ChallengerWorse, red.ChallengerBetter));
        var redBlocks = byBlock.Single(s => s.Feature == "color" && s.Slice == "= red");
        Assert.False(redBlocks.Regressed);
        Assert.Equal((14, 0, 1), (redBlocks.ChallengerWorse, redBlocks.ChallengerBetter, redBlocks.WorseBlocks));
    }

    [Fact]
    public void Compare_WorseRowsSpreadOverTime_RegressedByTimeBlocksToo()
    {
        // Arrange: the challenger is wrong on one red row of every 31-row block, production right: a steady regression.
        var (path, challenger, champion) = WriteStretches(rows: 961, worseFrom: 0, worseRows: 0, everyOther: true);
        var spec = Spec(new GateSpec { SliceMinRows = 20 });

        // Act
        var byBlock = SliceChecker.Compare(spec, path, challenger, champion, blockRows: 31);

        // Assert
        var red = byBlock.Single(s => s.Feature == "color" && s.Slice == "= red");
        Assert.Equal(31, red.WorseBlocks);
        Assert.True(red.Regressed);
    }

    [Fact]
    public void Compare_RowCountDiffersFromPredictions_Throws()
    {
        // Arrange
        var (path, challenger, champion) = WriteHoldout(seed: 4, rows: 100);
        var fewer = Predictions([.. challenger.Correct.Take(99)]);

        // Act + Assert
        Assert.Throws<InvalidDataException>(() => SliceChecker.Compare(Spec(new GateSpec()), path, fewer, fewer));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ModelSpec Spec(GateSpec gate) => new()
    {
        Name = "slices",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        Features =
        [
            new FeatureSpec("color", FeatureType.Categorical),
            new FeatureSpec("x", FeatureType.Numeric),
            new FeatureSpec("score", FeatureType.Numeric),
        ],
        Gate = gate,
    };

    private (string Path, HoldoutPredictions Challenger, HoldoutPredictions Champion) WriteHoldout(int seed, int rows)
    {
        var random = new Random(seed);
        string[] colors = ["red", " red ", "green", "\"blue, dark\"", string.Empty, "gray", "Grün"];
        var csv = new StringBuilder("color , x,score,label\n");
        for (var i = 0; i < rows; i++)
        {
            var roll = random.NextDouble();
            var x = roll switch
            {
                < 0.05 => string.Empty,
                < 0.08 => "n/a",
                < 0.10 => "-0",
                < 0.13 => "0",
                < 0.15 => " 2.5 ",
                < 0.16 => "1e400",
                < 0.17 => "\u00a07\u00a0",
                _ => (random.NextDouble() * 10).ToString("0.0", CultureInfo.InvariantCulture),
            };
            csv.Append(CultureInfo.InvariantCulture, $"{colors[random.Next(colors.Length)]},{x},{random.Next(4)},{(random.Next(2) == 1 ? "yes" : "no")}\n");
        }

        var path = Path.Combine(_folder, $"holdout-{seed}.csv");
        File.WriteAllText(path, csv.ToString());
        var challenger = Predictions([.. Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.7)]);
        var champion = Predictions([.. Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.75)]);
        return (path, challenger, champion);
    }

    private (string Path, HoldoutPredictions Challenger, HoldoutPredictions Champion) WriteStretches(int rows, int worseFrom, int worseRows, bool everyOther)
    {
        var csv = new StringBuilder("color,x,score,label\n");
        var (mine, theirs) = (new bool[rows], new bool[rows]);
        for (var i = 0; i < rows; i++)
        {
            var color = everyOther ? (i % 2 == 0 ? "red" : "blue") : (i / 48 % 10 == 2 ? "red" : "blue");
            csv.Append(CultureInfo.InvariantCulture, $"{color},{i % 10},1,yes\n");
            var blockStart = i / 31 * 31;
            var worse = everyOther ? i == blockStart + (blockStart % 2) : color == "red" && i >= worseFrom && i < worseFrom + worseRows;
            (mine[i], theirs[i]) = (!worse, true);
        }

        var path = Path.Combine(_folder, $"stretches-{rows}-{everyOther}.csv");
        File.WriteAllText(path, csv.ToString());
        return (path, Predictions(mine), Predictions(theirs));
    }

    private static HoldoutPredictions Predictions(bool[] correct) => new()
    {
        Task = ModelTask.BinaryClassification,
        Labels = new double[correct.Length],
        Scores = new double[correct.Length],
        Correct = correct,
    };

    /// <summary>SliceChecker.Compare as it was before the one-pass rewrite (commit bf7aa71), classification only.</summary>
    private static List<SliceComparison> ReferenceCompare(ModelSpec spec, string path, HoldoutPredictions challenger, HoldoutPredictions champion, int blockRows = 1)
    {
        var gate = spec.Gate;
        var outcome = challenger.Correct.Select((c, i) => c == champion.Correct[i] ? 0 : c ? 1 : -1).ToArray();
        var columns = ReadColumns(spec, path);
        var slices = new List<(string Feature, string Slice, List<int> Rows)>();
        foreach (var feature in spec.Features)
        {
            var values = columns[feature.Name];
            slices.AddRange(feature.Type == FeatureType.Categorical
                ? CategoricalSlices(feature.Name, values)
                : NumericSlices(feature.Name, values, gate.SliceBins));
        }

        var counted = slices.Where(s => s.Rows.Count >= gate.SliceMinRows).Select(s =>
        {
            var worse = s.Rows.Count(r => outcome[r] < 0);
            var better = s.Rows.Count(r => outcome[r] > 0);
            var nets = s.Rows.GroupBy(r => r / blockRows).Select(g => g.Sum(r => outcome[r])).ToList();
            var (worseBlocks, betterBlocks) = (nets.Count(n => n < 0), nets.Count(n => n > 0));
            return (s.Feature, s.Slice, s.Rows.Count, Worse: worse, Better: better, WorseBlocks: worseBlocks, BetterBlocks: betterBlocks, P: PairedStatistics.SignTestWorse(worseBlocks, betterBlocks));
        }).ToList();
        var adjusted = PairedStatistics.Holm([.. counted.Select(c => c.P)]);
        return [.. counted.Select((c, i) => new SliceComparison(c.Feature, c.Slice, c.Count, c.Worse, c.Better, c.P, adjusted[i], adjusted[i] < gate.SliceAlpha && c.WorseBlocks > c.BetterBlocks,
            blockRows, c.WorseBlocks, c.BetterBlocks))];
    }

    private static Dictionary<string, List<string>> ReadColumns(ModelSpec spec, string path)
    {
        using var reader = new CsvReader(File.OpenRead(path));
        var header = reader.ReadHeader();
        var index = spec.Features.ToDictionary(f => f.Name, f => Array.FindIndex(header, h => string.Equals(h.Trim(), f.Name, StringComparison.Ordinal)), StringComparer.Ordinal);
        var columns = index.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        while (reader.ReadRecord() is { } record)
        {
            if (record.Length == 1 && record[0].Length == 0)
            {
                continue;
            }

            foreach (var (name, i) in index)
            {
                columns[name].Add(i < record.Length ? record[i].Trim() : string.Empty);
            }
        }

        return columns;
    }

    private static IEnumerable<(string, string, List<int>)> CategoricalSlices(string feature, List<string> values) =>
        values.Select((value, row) => (value, row))
            .Where(v => v.value.Length > 0)
            .GroupBy(v => v.value, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (feature, $"= {g.Key}", g.Select(v => v.row).ToList()));

    private static IEnumerable<(string, string, List<int>)> NumericSlices(string feature, List<string> values, int bins)
    {
        var parsed = values
            .Select((text, row) => (ok: double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), v, row))
            .Where(p => p.ok)
            .Select(p => (value: p.v, p.row))
            .ToList();
        if (parsed.Count == 0)
        {
            yield break;
        }

        var sorted = parsed.Select(p => p.value).Order().ToArray();
        var edges = Enumerable.Range(0, bins + 1)
            .Select(k => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(k * (sorted.Length - 1) / (double)bins))])
            .Distinct()
            .ToArray();
        for (var b = 0; b + 1 < edges.Length; b++)
        {
            var (low, high, last) = (edges[b], edges[b + 1], b + 2 == edges.Length);
            var rows = parsed.Where(p => p.value >= low && (last ? p.value <= high : p.value < high)).Select(p => p.row).ToList();
            var close = last ? "]" : ")";
            yield return (feature, string.Create(CultureInfo.InvariantCulture, $"in [{low:G6}, {high:G6}{close}"), rows);
        }
    }
}
