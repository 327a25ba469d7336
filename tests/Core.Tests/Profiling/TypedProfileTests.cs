using System.Globalization;
using System.Text;
using Microsoft.ML;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Specs;

namespace RetrainFunctions.Core.Tests.Profiling;

/// <summary>
/// A binary split profiled from its typed columns (<see cref="DatasetProfiler.Add(IEnumerable{ColumnBlock})"/>) gives the
/// profile that writing it as CSV and scanning that gave, to the last bit.
/// </summary>
public sealed class TypedProfileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("typed-profile-").FullName;

    [Fact]
    public void Add_BinarySplitOfABinarySpec_MatchesTheProfileOfItsCsv()
    {
        var spec = new ModelSpecBuilder().Build();
        var random = new Random(5);
        var csv = Write(spec, 40_000, r => r % 97 == 0 ? 17 : random.Next(), (random2, r) =>
        [
            random2.NextDouble() < 0.02 ? string.Empty : (random2.NextDouble() * 100 - 30).ToString("0.#####", CultureInfo.InvariantCulture),
            random2.Next(5).ToString(CultureInfo.InvariantCulture),
            random2.NextDouble() < 0.01 ? "NA" : $"c{random2.Next(30)}",
            random2.NextDouble() < 0.4 ? "yes" : "no",
        ]);

        var (typed, text) = ProfileBothWays(spec, csv);

        AssertSame(typed, text);
        Assert.True(typed.DuplicateRows >= 40_000 / 97 - 1, $"{typed.DuplicateRows} duplicates"); // every 97th row repeats one row
        Assert.Equal(2, typed.Label.TopCategories!.Count);
    }

    [Fact]
    public void Add_BinarySplitOfARegressionSpec_MatchesTheProfileOfItsCsv()
    {
        var spec = new ModelSpecBuilder().WithTask(ModelTask.Regression).Build();
        var csv = Write(spec, 20_000, r => r, (random, r) =>
        [
            (random.NextDouble() * 3).ToString("0.###", CultureInfo.InvariantCulture),
            random.NextDouble() < 0.05 ? "?" : random.Next(1000).ToString(CultureInfo.InvariantCulture),
            $"c{random.Next(4)}",
            random.NextDouble() < 0.01 ? string.Empty : (random.NextDouble() * 50).ToString("0.##", CultureInfo.InvariantCulture),
        ]);

        var (typed, text) = ProfileBothWays(spec, csv);

        AssertSame(typed, text);
        Assert.True(typed.Label.Missing > 0);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(ModelSpec spec, int rows, Func<int, int> rowSeed, Func<Random, int, string[]> row)
    {
        var path = Path.Combine(_folder, $"data-{Guid.NewGuid():N}.csv");
        var text = new StringBuilder($"{string.Join(',', spec.Features.Select(f => f.Name))},{spec.Label.Column}\n");
        for (var r = 0; r < rows; r++)
        {
            text.Append(string.Join(',', row(new Random(rowSeed(r)), r))).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The split written as a binary file, profiled from its typed columns and from the CSV written from it.</summary>
    private (DatasetProfile Typed, DatasetProfile Text) ProfileBothWays(ModelSpec spec, string csv)
    {
        var binary = Path.Combine(_folder, $"split-{Guid.NewGuid():N}{SpecDataLoader.BinaryExtension}");
        using (var file = File.Create(binary))
        {
            MlContexts.Create().Data.SaveAsBinary(SpecDataLoader.Load(MlContexts.Create(), spec, csv), file);
        }

        var view = SpecDataLoader.Load(MlContexts.Create(), spec, binary);
        var profiler = new DatasetProfiler(spec);
        profiler.Add(SplitRecords.ReadBlocks(view, spec, blockRows: 7_000));
        using var written = SplitRecords.ToLocalCsv(view, spec, binary);
        using var stream = File.OpenRead(written.LocalPath);
        return (profiler.Build(), DatasetProfiler.Profile(stream, spec));
    }

    private static void AssertSame(DatasetProfile typed, DatasetProfile text)
    {
        Assert.Equal((text.Rows, text.DuplicateRows), (typed.Rows, typed.DuplicateRows));
        foreach (var (a, b) in typed.Features.Append(typed.Label).Zip(text.Features.Append(text.Label)))
        {
            Assert.Equal((b.Name, b.Kind, b.Count, b.Missing, b.OtherCount, b.DistinctCount), (a.Name, a.Kind, a.Count, a.Missing, a.OtherCount, a.DistinctCount));
            Assert.Equal(b.TopCategories?.OrderBy(p => p.Key), a.TopCategories?.OrderBy(p => p.Key));
            Same(b.Min, a.Min);
            Same(b.Max, a.Max);
            Same(b.Mean, a.Mean);
            Same(b.Std, a.Std);
            Same(b.LabelAgreement, a.LabelAgreement);
            Assert.Equal(b.Histogram?.Counts, a.Histogram?.Counts);
            Assert.Equal(b.Sample, a.Sample);
            foreach (var (x, y) in (a.Quantiles ?? []).Zip(b.Quantiles ?? []))
            {
                Same(y.Value, x.Value);
            }
        }
    }

    /// <summary>Equal to the last bit: the numbers enter as the CSV's text would parse.</summary>
    private static void Same(double? expected, double? actual) => Assert.Equal(expected, actual);
}
