using System.Text;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Specs;

namespace RetrainFunctions.Core.Tests.Profiling;

public sealed class DatasetProfilerTests
{
    private readonly ModelSpec _spec = new ModelSpecBuilder().Build();

    [Fact]
    public void Profile_SmallBatch_MatchesHandComputedStatistics()
    {
        const string csv = "x1,x2,color,label\n1,10,red,yes\n2,10,blue,no\n3,10,red,yes\n4,10,,no\nNA,10,red,yes\n2,10,blue,no\n";

        var profile = DatasetProfiler.Profile(new MemoryStream(Encoding.UTF8.GetBytes(csv)), _spec);

        Assert.Equal((6, 1), (profile.Rows, profile.DuplicateRows)); // the last row repeats the second
        var x1 = profile.Feature("x1")!;
        Assert.Equal((5L, 1L), (x1.Count, x1.Missing));
        Assert.Equal((1.0, 4.0), (x1.Min, x1.Max));
        Assert.Equal(2.4, x1.Mean!.Value, 12); // (1+2+3+4+2)/5
        Assert.Equal(Math.Sqrt(1.3), x1.Std!.Value, 12); // Σ(x−2.4)² = 5.2, / (n−1) = 1.3
        Assert.Equal(2.0, x1.Quantiles!.Single(q => q.Probability == 0.5).Value, 12);
        Assert.Equal([1.0, 2, 2, 3, 4], x1.Sample);
        Assert.Equal(5, x1.Histogram!.Counts.Sum());
        Assert.True(profile.Feature("x2")!.IsConstant);
        var color = profile.Feature("color")!;
        Assert.Equal((5L, 1L, 0L, 2), (color.Count, color.Missing, color.OtherCount, color.DistinctCount));
        Assert.Equal(new Dictionary<string, long> { ["red"] = 3, ["blue"] = 2 }, color.TopCategories);
        Assert.Equal(new Dictionary<string, long> { ["yes"] = 3, ["no"] = 3 }, profile.Label.TopCategories);
    }

    [Fact]
    public void Profile_MoreRowsThanSample_KeepsBoundedSampleExactMomentsAndHistogram()
    {
        var rows = Enumerable.Range(0, 20_000).Select(i => new[] { (i % 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), "1", "red", "no" });

        var profile = ProfileRowsBuilder.ProfileOf(rows, _spec);

        var x1 = profile.Feature("x1")!;
        Assert.Equal(DatasetProfiler.SampleSize, x1.Sample!.Count);
        Assert.Equal(499.5, x1.Mean!.Value, 9);
        Assert.Equal(20_000, x1.Histogram!.Counts.Sum());
        Assert.InRange(x1.Quantiles!.Single(q => q.Probability == 0.5).Value, 460, 540); // from the sample
    }

    [Fact]
    public void Profile_SameDataTwice_IdenticalJson()
    {
        var rows = new ProfileRowsBuilder(3).Rows(10_000);

        var first = System.Text.Json.JsonSerializer.Serialize(ProfileRowsBuilder.ProfileOf(rows, _spec), RetrainJson.Options);
        var second = System.Text.Json.JsonSerializer.Serialize(ProfileRowsBuilder.ProfileOf(rows, _spec), RetrainJson.Options);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Profile_RoundTripsThroughJson()
    {
        var profile = new ProfileRowsBuilder(4).Profile(500, _spec);

        var json = System.Text.Json.JsonSerializer.Serialize(profile, RetrainJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<DatasetProfile>(json, RetrainJson.Options)!;

        Assert.Equal(profile.Feature("x1")!.Sample, back.Feature("x1")!.Sample);
        Assert.Equal(profile.Feature("color")!.TopCategories, back.Feature("color")!.TopCategories);
        Assert.Equal(profile.Rows, back.Rows);
    }

    [Fact]
    public void Profile_FeatureEqualToLabel_HasFullLabelAgreement_NoiseFeatureDoesNot()
    {
        var profile = new ProfileRowsBuilder(5).WithLabel((_, _, x1) => x1 > 0 ? "yes" : "no").Profile(2000, _spec);

        Assert.Equal(1.0, profile.Feature("x1")!.LabelAgreement); // the split at 0 is perfect
        Assert.InRange(profile.Feature("x2")!.LabelAgreement!.Value, 0.5, 0.6);
    }

    [Fact]
    public void Profile_QuotedFieldsCrlfBomAndRecordsAcrossBufferBoundaries_SameAsParsedRows()
    {
        // Quoted commas, escaped quotes, a newline inside quotes, CRLF line ends, a BOM, no final newline, and enough
        // rows (over 1 MiB) that records straddle the scanner's buffer boundary.
        var colors = new[] { "red", "\"navy, dark\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", " blue " };
        var text = new StringBuilder("\uFEFFx1,x2,color,label\r\n");
        for (var i = 0; i < 80_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i * 0.5},{(i % 7 == 0 ? "NA" : (i % 13).ToString(System.Globalization.CultureInfo.InvariantCulture))},{colors[i % colors.Length]},{(i % 3 == 0 ? "yes" : "no")}");
            if (i < 79_999)
            {
                text.Append("\r\n");
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.True(bytes.Length > 1 << 20);

        var scanned = DatasetProfiler.Profile(new MemoryStream(bytes), _spec);
        using var reader = new RetrainFunctions.Core.Tabular.CsvReader(new MemoryStream(bytes));
        var header = reader.ReadHeader();
        var rows = new List<string[]>();
        while (reader.ReadRecord() is { } record)
        {
            rows.Add(record);
        }

        var parsed = ProfileRowsBuilder.ProfileOf(rows, _spec);

        Assert.Equal(80_000, scanned.Rows);
        Assert.Equal(parsed.Rows, scanned.Rows);
        Assert.Equal(parsed.DuplicateRows, scanned.DuplicateRows);
        Assert.Equal(parsed.Feature("color")!.TopCategories, scanned.Feature("color")!.TopCategories);
        Assert.Equal(16_000, scanned.Feature("color")!.TopCategories!["navy, dark"]);
        Assert.Contains("two\nlines", scanned.Feature("color")!.TopCategories!.Keys);
        Assert.Contains("say \"hi\"", scanned.Feature("color")!.TopCategories!.Keys);
        Assert.Equal(parsed.Feature("x2")!.Missing, scanned.Feature("x2")!.Missing);
        Assert.Equal(parsed.Feature("x1")!.Mean, scanned.Feature("x1")!.Mean);
        Assert.Equal(parsed.Feature("x1")!.Sample, scanned.Feature("x1")!.Sample);
        Assert.Equal(parsed.Label.TopCategories, scanned.Label.TopCategories);
    }

    [Fact]
    public void Profile_ManyBlocksOfMixedFields_StreamedInParallelSameJsonAsSequentialParsedRows()
    {
        // Over several parallel blocks: number formats on and off the fast path, padded and missing values, short,
        // long, padded and non-ASCII categories, duplicate rows, and labels with a missing value.
        var numbers = new[] { "1.5", "-0", " 42 ", "NA", "1e3", "+.25", "12345678901234567.5", "?", "7.", "-3.0000001" };
        var colors = new[] { "red", " red ", "blue", "a much longer category", "grün", "null", "", "k1" };
        var random = new Random(11);
        var text = new StringBuilder("x1,x2,color,label\n");
        for (var i = 0; i < 60_000; i++)
        {
            var x1 = i % 5 == 0 ? numbers[i % numbers.Length] : ((random.NextDouble() - 0.5) * 1000).ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture);
            var label = i % 101 == 0 ? "NA" : i % 3 == 0 ? "yes" : "no";
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{x1},{i % 17},{colors[random.Next(colors.Length)]},{label}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var streamed = DatasetProfiler.Profile(new MemoryStream(bytes), _spec);
        using var reader = new RetrainFunctions.Core.Tabular.CsvReader(new MemoryStream(bytes));
        _ = reader.ReadHeader();
        var rows = new List<string[]>();
        while (reader.ReadRecord() is { } record)
        {
            rows.Add(record);
        }

        var parsed = ProfileRowsBuilder.ProfileOf(rows, _spec);

        Assert.True(streamed.DuplicateRows > 0);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(parsed, RetrainJson.Options),
            System.Text.Json.JsonSerializer.Serialize(streamed, RetrainJson.Options));
    }
}
