using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Orchestration;

namespace RetrainFunctions.Core.Tests.Features;

/// <summary>The label check's sample, copied while the batch downloads: the rows EveryNthRowDataView takes, or none.</summary>
public sealed class SampledCsvCopyTests : IDisposable
{
    private readonly TemporaryStore _store = new();

    [Theory]
    [InlineData("\n", 1_003, 10)]
    [InlineData("\r\n", 1_003, 10)]
    [InlineData("\n", 1_000, 7)]
    public async Task TryDownloadAsync_PlainCsv_HoldsExactlyTheRowsEveryNthRowDataViewTakes(string newline, int rows, int stride)
    {
        // Arrange: no trailing line break after the last row when the row count is odd.
        var csv = Csv(rows, newline, trailing: rows % 2 == 0);
        await _store.PutTextAsync("batch.csv", csv);
        var spec = PipelineHarness.Spec() with { TimestampColumn = null };
        var ml = MlContexts.Create();
        var whole = Path.Combine(Path.GetTempPath(), $"whole-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(whole, csv);

        // Act
        using var sample = await SampledCsvCopy.TryDownloadAsync(_store.Store, "batch.csv", stride, rows);

        // Assert
        Assert.NotNull(sample);
        var expected = Read(new EveryNthRowDataView(SpecDataLoader.Load(ml, spec, whole), stride));
        var actual = Read(SpecDataLoader.Load(ml, spec, sample.LocalPath));
        Assert.Equal((rows + stride - 1) / stride, actual.Count);
        Assert.Equal(expected, actual);
        File.Delete(whole);
    }

    [Theory]
    [InlineData("x1,x2,color,label\n1,2,\"red\",yes\n3,4,blue,no\n", 2)] // a quote: a field may hold a line break
    [InlineData("x1,x2,color,label\n1,2,red,yes\n\n3,4,blue,no\n", 2)] // an empty line
    [InlineData("x1,x2,color,label\n1,2,red,yes\r3,4,blue,no\n", 2)] // a lone carriage return
    [InlineData("x1,x2,color,label\n1,2,red,yes\n3,4,blue,no\n", 3)] // not the rows inspection counted
    public async Task TryDownloadAsync_LinesThatMayNotBeRecords_GivesNoSampleAndLeavesNoFile(string csv, int expectedRows)
    {
        await _store.PutTextAsync("batch.csv", csv);
        var before = Directory.GetFiles(Path.GetTempPath(), "retrain-sample-*").Length;

        var sample = await SampledCsvCopy.TryDownloadAsync(_store.Store, "batch.csv", 1, expectedRows);

        Assert.Null(sample);
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "retrain-sample-*").Length);
    }

    public void Dispose() => _store.Dispose();

    private static string Csv(int rows, string newline, bool trailing)
    {
        var text = new StringBuilder("x1,x2,color,label").Append(newline);
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},{i % 7},{(i % 2 == 0 ? "red" : "blue")},{(i % 3 == 0 ? "yes" : "no")}");
            if (i < rows - 1 || trailing)
            {
                text.Append(newline);
            }
        }

        return text.ToString();
    }

    private static List<string> Read(Microsoft.ML.IDataView view)
    {
        var rows = new List<string>();
        using var cursor = view.GetRowCursor(view.Schema);
        var getters = view.Schema.Select(c => c.Type.RawType == typeof(float) ? Getter<float>(cursor, c)
            : c.Type.RawType == typeof(bool) ? Getter<bool>(cursor, c)
            : Getter<ReadOnlyMemory<char>>(cursor, c)).ToList();
        while (cursor.MoveNext())
        {
            rows.Add(string.Join('|', getters.Select(g => g())));
        }

        return rows;
    }

    private static Func<string> Getter<T>(Microsoft.ML.DataViewRowCursor cursor, Microsoft.ML.DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        };
    }
}
