using System.Text;
using Parquet.Serialization;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Orchestration;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Collection;

/// <summary>Parquet uploads (issue 16, item 6): rendered as CSV at collection, then validated and quarantined as any CSV.</summary>
public sealed class ParquetBatchTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    public sealed class Row
    {
        public double? X1 { get; set; }

        public float X2 { get; set; }

        public int Count { get; set; }

        public string? Label { get; set; }

        public bool Flag { get; set; }

        public DateTime Ts { get; set; }
    }

    [Fact]
    public async Task WriteCsvAsync_TypedColumnsWithNulls_RendersInvariantRoundTripValues()
    {
        // Arrange
        Row[] rows =
        [
            new() { X1 = 0.1, X2 = 1.5f, Count = -3, Label = "yes", Flag = true, Ts = Start },
            new() { X1 = null, X2 = float.NaN, Count = 7, Label = "a, \"quoted\" value", Flag = false, Ts = Start.AddMinutes(10) },
            new() { X1 = 1e-300, X2 = 3.4028235E+38f, Count = 0, Label = null, Flag = true, Ts = Start.AddHours(1) },
        ];
        using var parquet = await ParquetAsync(rows);
        using var csv = new MemoryStream();

        // Act
        var written = await ParquetBatch.WriteCsvAsync(parquet, csv);

        // Assert
        Assert.Equal(3, written);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(
            [
                "X1,X2,Count,Label,Flag,Ts",
                "0.1,1.5,-3,yes,true,2026-01-05T00:00:00",
                ",,7,\"a, \"\"quoted\"\" value\",false,2026-01-05T00:10:00",
                "1E-300,3.4028235E+38,0,,true,2026-01-05T01:00:00",
            ],
            lines);
    }

    [Fact]
    public async Task WriteCsvAsync_NotParquet_ThrowsInvalidDataSayingSo()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("PAR1 this is not a parquet file at all, only its magic number"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetBatch.WriteCsvAsync(garbage, new MemoryStream()));

        Assert.StartsWith("not a readable Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ParquetUploads_TrainLikeCsvAndABrokenOneIsQuarantinedAsItArrived()
    {
        // Arrange: the same stream as the CSV scenarios, uploaded as Parquet; then a truncated Parquet file.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(Spec());
        var upload = await ParquetBytesAsync(LabelStream.Rows(1_000, seed: 7), Start);
        await harness.Store.WriteBytesAsync(ModelArtifacts.For("stream").Incoming.File("week-0.parquet"), upload, ArtifactWriteCondition.None);

        // Act
        var first = await harness.RunAsync("stream");
        var broken = upload[..(upload.Length / 2)];
        await harness.Store.WriteBytesAsync(ModelArtifacts.For("stream").Incoming.File("week-1.parquet"), broken, ArtifactWriteCondition.None);
        var second = await harness.RunAsync("stream", force: true);

        // Assert: the Parquet batch trained a model; the upload is kept as it arrived beside its CSV rendering.
        Assert.Equal(RunOutcome.Deployed, first.Outcome);
        var batch = Assert.Single(first.Validation!.Accepted);
        Assert.Equal((1_000, "week-0.parquet"), (batch.Rows, batch.SourceName));
        Assert.Equal(upload, await ReadBytesAsync(harness.Store, ModelArtifacts.For("stream").Batches.Source(batch.BatchId, ".parquet")));
        Assert.StartsWith("x1,x2,x3,label,ts\n", Encoding.UTF8.GetString(await ReadBytesAsync(harness.Store, ModelArtifacts.For("stream").Batches.Accepted(batch.BatchId))), StringComparison.Ordinal);

        // The broken file is quarantined byte for byte with a report; production is unchanged.
        Assert.Equal(RunOutcome.Rejected, second.Outcome);
        Assert.Equal(first.RunId, (await harness.Store.ReadJsonAsync<RetrainFunctions.Core.Deployment.ProductionPointer>(ModelArtifacts.For("stream").Deployment.Production)).Version);
        var quarantined = Assert.Single(second.RefusedFiles!);
        Assert.Contains("cannot be read as Parquet", quarantined.Reason, StringComparison.Ordinal);
        Assert.Equal(broken, await ReadBytesAsync(harness.Store, ModelArtifacts.For("stream").Quarantine.Batch(quarantined.BatchId)));
        var report = await harness.Store.ReadJsonAsync<BatchReport>(quarantined.ReportPath);
        Assert.Equal(ValidationCheck.Format, Assert.Single(report.Findings).Check);
    }

    [Fact]
    public async Task RunAsync_ParquetMissingAColumn_QuarantinedWithTheCsvFinding()
    {
        // Arrange: a Parquet file without x3, as a CSV without it would be.
        await using var harness = await PipelineHarness.StartAsync();
        await harness.SaveSpecAsync(Spec());
        var rows = LabelStream.Rows(200, seed: 7).Select((r, i) => new { x1 = r.X1, x2 = r.X2, label = r.Label ? "yes" : "no", ts = Start.AddMinutes(10 * i) });
        using var parquet = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, parquet);
        await harness.Store.WriteBytesAsync(ModelArtifacts.For("stream").Incoming.File("no-x3.parquet"), parquet.ToArray(), ArtifactWriteCondition.None);

        // Act
        var record = await harness.RunAsync("stream");

        // Assert
        Assert.Equal((RunOutcome.Rejected, RejectionReason.DataInvalid), (record.Outcome, record.Rejection));
        var quarantined = Assert.Single(record.Validation!.Quarantined);
        var report = await harness.Store.ReadJsonAsync<BatchReport>(quarantined.ReportPath);
        Assert.Contains(report.Findings, f => f.Check == ValidationCheck.MissingColumn && f.Column == "x3");
    }

    private static async Task<byte[]> ReadBytesAsync(IArtifactStore store, string path)
    {
        await using var stream = await store.OpenReadAsync(path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static ModelSpec Spec() => PipelineHarness.Spec("stream") with
    {
        Features = [new("x1", FeatureType.Numeric), new("x2", FeatureType.Numeric), new("x3", FeatureType.Numeric)],
        Trainers = [TrainerKind.LightGbm],
    };

    private static async Task<byte[]> ParquetBytesAsync(IEnumerable<(float X1, float X2, float X3, bool Label)> rows, DateTime start)
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows.Select((r, i) => new { x1 = r.X1, x2 = r.X2, x3 = r.X3, label = r.Label ? "yes" : "no", ts = start.AddMinutes(10 * i) }), stream);
        return stream.ToArray();
    }

    private static async Task<MemoryStream> ParquetAsync(IEnumerable<Row> rows)
    {
        var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream);
        stream.Position = 0;
        return stream;
    }
}
