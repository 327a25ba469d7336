using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;

namespace RetrainFunctions.Core.Tests.Collection;

/// <summary>
/// The binary snapshot splits against the CSV splits they replace: the same rows in the same order, the same window and
/// split sizes, and the same values as <c>TextLoader</c> reads from CSV, for every column type.
/// </summary>
public sealed class SnapshotSplitTests
{
    private const string Model = "splits";

    private static readonly ModelSpec BinarySpec = new()
    {
        Name = Model,
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        TimestampColumn = "ts",
        Features = [new FeatureSpec("x", FeatureType.Numeric), new FeatureSpec("color", FeatureType.Categorical), new FeatureSpec("Label", FeatureType.Numeric)],
        Validation = new ValidationSpec { MinTrainingRows = 5 },
        Gate = new GateSpec { HoldoutFraction = 0.25, ValidationFraction = 0.25, MinHoldoutRows = 2 },
        Window = new WindowSpec { MaxRows = 0 },
    };

    // Out of time order across and within batches, a tie (rows 2 and 3 of a), a row without a timestamp, missing and
    // unparseable numbers, quoted text with commas, escaped quotes and a line break, non-ASCII text, labels to trim.
    private const string BatchA =
        "ts,x,color,label,Label,extra\n" +
        "2026-01-01T05:00:00Z,1.5,red,yes,1,z\n" +
        "2026-01-01T03:00:00Z,,\"a, b\",no,2,z\n" +
        "2026-01-01T04:00:00Z,-2e3,\"say \"\"hi\"\"\",\" Yes \",3,z\n" +
        "2026-01-01T04:00:00Z, 7 ,\"two\nlines\",no,,z\n" +
        ",abc,blåbär,yes,5,z\n" +
        "2026-01-01T09:00:00Z,0.1,,no,6,z\n";

    private const string BatchB =
        "x,color,Label,label,ts\n" +
        "8,red,7,no,2026-01-01T01:00:00Z\n" +
        "9,blue,8,yes,2026-01-01T08:00:00Z\n" +
        "10,red,9,no,2026-01-01T02:00:00Z\n" +
        "11,blue,10,yes,2026-01-01T07:00:00Z\n" +
        "12,red,11,no,2026-01-01T06:00:00Z\n" +
        "13,blue,12,YES,2026-01-01T10:00:00Z\n";

    [Fact]
    public async Task AssembleSnapshotAsync_EveryColumnType_SplitsEqualTheCsvSplitsReadByTextLoader()
    {
        var store = await StoreWithBatchesAsync(("a", BatchA), ("b", BatchB));

        var snapshot = await Collector(store).AssembleSnapshotAsync(new SnapshotRequest(Model, "run1", BinarySpec));

        Assert.Null(snapshot.Insufficient);
        var expected = ReferenceSplits(BinarySpec, BatchA, BatchB);
        Assert.Equal((expected[0].Count, expected[1].Count, expected[2].Count), (snapshot.TrainRows, snapshot.ValidationRows, snapshot.HoldoutRows));
        foreach (var (split, rows) in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Holdout }.Zip(expected))
        {
            var binary = await ReadColumnsAsync(store, BinarySpec, ModelArtifacts.For(Model).Snapshots.Split(snapshot.Digest, split));
            var csv = ReadCsvColumns(BinarySpec, rows);
            Assert.Equal(csv.Keys, binary.Keys);
            foreach (var column in csv.Keys.Where(c => c != MlColumns.RawLabel))
            {
                Assert.Equal(csv[column], binary[column]);
            }

            // TextLoader drops the leading blank of the quoted " Yes "; the binary split keeps the field as RFC 4180 reads it.
            Assert.Equal(csv[MlColumns.RawLabel].Select(v => ((string)v).Trim()), binary[MlColumns.RawLabel].Select(v => ((string)v).Trim()));
        }
    }

    [Fact]
    public async Task AssembleSnapshotAsync_OutOfOrderRows_HoldsOutTheNewestInTimeOrderWithTiesInFileOrder()
    {
        var store = await StoreWithBatchesAsync(("a", BatchA), ("b", BatchB));

        var snapshot = await Collector(store).AssembleSnapshotAsync(new SnapshotRequest(Model, "run1", BinarySpec));

        // No timestamp first, then 01:00 … 10:00; the two 04:00 rows keep their file order (-2e3 before 7).
        var train = await ReadColumnsAsync(store, BinarySpec, ModelArtifacts.For(Model).Snapshots.Split(snapshot.Digest, DataSplit.Train));
        var holdout = await ReadColumnsAsync(store, BinarySpec, ModelArtifacts.For(Model).Snapshots.Split(snapshot.Digest, DataSplit.Holdout));
        Assert.Equal(new object[] { float.NaN, 8f, 10f, float.NaN, -2000f, 7f }, train["x"]);
        Assert.Equal(new object[] { 9f, 0.1f, 13f }, holdout["x"]);
        Assert.Equal(new object[] { true, false, true }, holdout[MlColumns.Label]);
        Assert.Equal(new object[] { "blue", string.Empty, "blue" }, holdout["color"]);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_MaxAgeAndMaxRowsWindow_KeepsTheRowsTheCsvSnapshotKept()
    {
        var spec = BinarySpec with { Window = new WindowSpec { MaxAgeDays = 6.5 / 24, MaxRows = 8 } };
        var store = await StoreWithBatchesAsync(("a", BatchA), ("b", BatchB));

        var snapshot = await Collector(store).AssembleSnapshotAsync(new SnapshotRequest(Model, "run1", spec));

        // 10:00 − 6.5 h = 03:30: the rows at 01:00, 02:00 and 03:00 go, the row without a timestamp stays; then the newest 8.
        var expected = ReferenceSplits(spec, BatchA, BatchB);
        Assert.Equal(8, snapshot.TotalRows);
        Assert.Equal(expected.Sum(e => e.Count), snapshot.TotalRows);
        var all = new List<object>();
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Holdout })
        {
            all.AddRange((await ReadColumnsAsync(store, spec, ModelArtifacts.For(Model).Snapshots.Split(snapshot.Digest, split)))["x"]);
        }

        Assert.Equal(new object[] { -2000f, 7f, 1.5f, 12f, 11f, 9f, 0.1f, 13f }, all);
    }

    [Fact]
    public async Task AssembleSnapshotAsync_RegressionAndMulticlass_LabelsTypedAsTextLoaderTypesThem()
    {
        var store = await StoreWithBatchesAsync(("a", BatchA), ("b", BatchB));
        var regression = BinarySpec with { Task = ModelTask.Regression, Label = new LabelSpec("Label"), Features = [new FeatureSpec("x", FeatureType.Numeric)] };
        var multiclass = BinarySpec with { Task = ModelTask.MulticlassClassification, Label = new LabelSpec("color"), Features = [new FeatureSpec("x", FeatureType.Numeric)] };

        foreach (var spec in new[] { regression, multiclass })
        {
            var snapshot = await Collector(store).AssembleSnapshotAsync(new SnapshotRequest(Model, "run1", spec));

            var binary = await ReadColumnsAsync(store, spec, ModelArtifacts.For(Model).Snapshots.Split(snapshot.Digest, DataSplit.Train));
            var csv = ReadCsvColumns(spec, ReferenceSplits(spec, BatchA, BatchB)[0]);
            Assert.Equal(csv.Keys, binary.Keys);
            Assert.Equal(csv[MlColumns.Label], binary[MlColumns.Label]);
        }
    }

    [Fact]
    public async Task AssembleSnapshotAsync_SplitsDeletedAfterManifest_WritesThemAgainUnderTheSameDigest()
    {
        var store = await StoreWithBatchesAsync(("a", BatchA), ("b", BatchB));
        var first = await Collector(store).AssembleSnapshotAsync(new SnapshotRequest(Model, "run1", BinarySpec));
        var holdoutPath = ModelArtifacts.For(Model).Snapshots.Split(first.Digest, DataSplit.Holdout);
        var holdout = await ReadColumnsAsync(store, BinarySpec, holdoutPath);
        await store.DeleteAsync(holdoutPath);

        var second = await Collector(store).AssembleSnapshotAsync(new SnapshotRequest(Model, "run2", BinarySpec));

        Assert.Equal(first, second);
        Assert.Equal(holdout["x"], (await ReadColumnsAsync(store, BinarySpec, holdoutPath))["x"]);
    }

    [Fact]
    public async Task ToLocalCsvAsync_BinarySplit_CsvReadsBackAsTheSplitsRecords()
    {
        var store = await StoreWithBatchesAsync(("a", BatchA), ("b", BatchB));
        var snapshot = await Collector(store).AssembleSnapshotAsync(new SnapshotRequest(Model, "run1", BinarySpec));
        var path = ModelArtifacts.For(Model).Snapshots.Split(snapshot.Digest, DataSplit.Train);

        using var csv = await SplitRecords.ToLocalCsvAsync(store, BinarySpec, path);

        var expected = await BinarySplits.ReadAsync(store, BinarySpec, path);
        using var reader = new CsvReader(File.OpenRead(csv.LocalPath));
        Assert.Equal(expected.Header, reader.ReadHeader());
        var records = new List<string[]>();
        while (reader.ReadRecord() is { } record)
        {
            records.Add(record);
        }

        Assert.Equal(expected.Rows, records);
        Assert.Contains(records, r => r[1] == "say \"hi\"");
        Assert.Contains(records, r => r[1] == "two\nlines" && r[0] == "7");
        Assert.Contains(records, r => r[1] == "a, b" && r[0].Length == 0);
    }

    [Fact]
    public void TimeOrder_TiesAndMissing_StableWithMissingFirst()
    {
        long[] ticks = [5, 3, SnapshotTable.MissingTimestamp, 3, 1, 5, SnapshotTable.MissingTimestamp];

        var order = SnapshotOrder.TimeOrder(ticks, byTime: true);

        Assert.Equal([2, 6, 4, 1, 3, 0, 5], order);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], SnapshotOrder.TimeOrder(ticks, byTime: false));
    }

    /// <summary>The snapshot as the CSV implementation built it: rows in batch and file order, a stable sort by timestamp, the window, the split.</summary>
    private static List<string[]>[] ReferenceSplits(ModelSpec spec, params string[] batches)
    {
        var columns = DataCollector.SnapshotColumns(spec);
        var rows = new List<(string[] Values, DateTimeOffset? Time)>();
        foreach (var batch in batches)
        {
            using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(batch)));
            var header = reader.ReadHeader();
            var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
            while (reader.ReadRecord() is { } record)
            {
                var fields = indexes.Select(i => record[i]).ToArray();
                rows.Add((fields, CsvValues.TryParseTimestamp(fields[^1], out var t) ? t : null));
            }
        }

        rows = [.. rows.OrderBy(r => r.Time)];
        if (spec.Window.MaxAgeDays is { } days && rows[^1].Time is { } newest)
        {
            rows = [.. rows.Where(r => r.Time is null || r.Time >= newest - TimeSpan.FromDays(days))];
        }

        if (spec.Window.MaxRows > 0 && rows.Count > spec.Window.MaxRows)
        {
            rows = rows.GetRange(rows.Count - spec.Window.MaxRows, spec.Window.MaxRows);
        }

        var (train, validation, holdout) = DataCollector.Split(rows.Count, spec.Gate);
        var values = rows.Select(r => r.Values).ToList();
        return [values.GetRange(0, train), values.GetRange(train, validation), values.GetRange(train + validation, holdout)];
    }

    /// <summary>Writes <paramref name="rows"/> as a CSV split and reads it with <see cref="SpecDataLoader"/>'s <c>TextLoader</c>.</summary>
    private static Dictionary<string, List<object>> ReadCsvColumns(ModelSpec spec, List<string[]> rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"retrain-test-{Guid.NewGuid():N}.csv");
        try
        {
            using (var writer = new CsvWriter(File.Create(path)))
            {
                writer.WriteRecord(DataCollector.SnapshotColumns(spec));
                foreach (var row in rows)
                {
                    writer.WriteRecord(row);
                }
            }

            return Columns(SpecDataLoader.Load(new MLContext(1), spec, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<Dictionary<string, List<object>>> ReadColumnsAsync(IArtifactStore store, ModelSpec spec, string path)
    {
        Assert.EndsWith(".idv", path, StringComparison.Ordinal);
        using var local = await LocalArtifactCopy.DownloadAsync(store, path);
        return Columns(SpecDataLoader.Load(new MLContext(1), spec, local.LocalPath));
    }

    private static Dictionary<string, List<object>> Columns(IDataView view)
    {
        var columns = view.Schema.ToDictionary(c => c.Name, _ => new List<object>());
        using var cursor = view.GetRowCursor(view.Schema);
        var getters = view.Schema.Select<DataViewSchema.Column, Func<object>>(c =>
        {
            if (c.Type == NumberDataViewType.Single)
            {
                var get = cursor.GetGetter<float>(c);
                return () => { float v = default; get(ref v); return v; };
            }

            if (c.Type == BooleanDataViewType.Instance)
            {
                var get = cursor.GetGetter<bool>(c);
                return () => { bool v = default; get(ref v); return v; };
            }

            var text = cursor.GetGetter<ReadOnlyMemory<char>>(c);
            return () => { ReadOnlyMemory<char> v = default; text(ref v); return v.ToString(); };
        }).ToArray();
        while (cursor.MoveNext())
        {
            for (var i = 0; i < getters.Length; i++)
            {
                columns[view.Schema[i].Name].Add(getters[i]());
            }
        }

        return columns;
    }

    private static async Task<InMemoryArtifactStore> StoreWithBatchesAsync(params (string Id, string Csv)[] batches)
    {
        var store = new InMemoryArtifactStore();
        var accepted = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < batches.Length; i++)
        {
            var (id, csv) = batches[i];
            await store.PutTextAsync(ModelArtifacts.For(Model).Batches.Accepted(id), csv);
            var manifest = new BatchManifest(id, id + ".csv", 6, accepted.AddDays(i), "run0", null, null);
            await store.WriteJsonAsync(ModelArtifacts.For(Model).Batches.AcceptedManifest(id), manifest, ArtifactWriteCondition.None);
        }

        return store;
    }

    private static DataCollector Collector(IArtifactStore store) =>
        new(new ModelSpecStore(store), store, Microsoft.Extensions.Options.Options.Create(new CollectionOptions()), TimeProvider.System, NullLogger<DataCollector>.Instance);
}
