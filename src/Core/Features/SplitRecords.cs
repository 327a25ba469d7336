using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Features;

/// <summary>
/// The rows of a snapshot split or a batch as CSV-shaped text records (a header naming the columns, one string per
/// field), whatever its format, read lazily: a CSV as it is, a binary split (<see cref="SpecDataLoader.BinaryExtension"/>)
/// turned back into the spec's feature columns and the raw label (numbers in their shortest round-trip form, a missing
/// number as an empty field; a binary split holds no timestamp). For the few consumers that need text rows: profiling a
/// production model's train split and permutation importance on a sample of it. Disposing releases the local copy.
/// </summary>
internal sealed class SplitRecords : IDisposable
{
    private readonly IDisposable _source;

    private SplitRecords(string[] header, IEnumerable<string[]> records, IDisposable source)
    {
        (Header, Records, _source) = (header, records, source);
    }

    /// <summary>Gets the column names.</summary>
    public string[] Header { get; }

    /// <summary>Gets the records, read once, lazily.</summary>
    public IEnumerable<string[]> Records { get; }

    /// <summary>Opens <paramref name="path"/> in <paramref name="store"/>.</summary>
    public static async Task<SplitRecords> OpenAsync(IArtifactStore store, ModelSpec spec, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        if (!SpecDataLoader.IsBinary(path))
        {
            var reader = new CsvReader(await store.OpenReadAsync(path, cancellationToken));
            return new SplitRecords(reader.ReadHeader(), ReadCsv(reader), reader);
        }

        var local = await LocalArtifactCopy.DownloadAsync(store, path, cancellationToken);
        var view = SpecDataLoader.Load(MlContexts.Create(), spec, local.LocalPath);
        var header = spec.Features.Select(f => f.Name).Append(spec.Label.Column).ToArray();
        return new SplitRecords(header, ReadBinary(view, spec), local);
    }

    /// <summary>
    /// Writes the split at <paramref name="path"/> to a local CSV file (for readers that take a CSV, such as the slice
    /// check); a CSV split is just downloaded.
    /// </summary>
    public static async Task<LocalArtifactCopy> ToLocalCsvAsync(IArtifactStore store, ModelSpec spec, string path, CancellationToken cancellationToken = default)
    {
        if (!SpecDataLoader.IsBinary(path))
        {
            return await LocalArtifactCopy.DownloadAsync(store, path, cancellationToken);
        }

        var localPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retrain-{Guid.NewGuid():N}.csv");
        try
        {
            using var records = await OpenAsync(store, spec, path, cancellationToken);
            using var writer = new CsvWriter(File.Create(localPath));
            writer.WriteRecord(records.Header);
            foreach (var record in records.Records)
            {
                writer.WriteRecord(record);
            }
        }
        catch
        {
            File.Delete(localPath);
            throw;
        }

        return LocalArtifactCopy.Adopt(path, localPath);
    }

    public void Dispose() => _source.Dispose();

    private static IEnumerable<string[]> ReadCsv(CsvReader reader)
    {
        while (reader.ReadRecord() is { } record)
        {
            yield return record;
        }
    }

    private static IEnumerable<string[]> ReadBinary(IDataView view, ModelSpec spec)
    {
        var labelName = spec.Task == ModelTask.BinaryClassification ? MlColumns.RawLabel : MlColumns.Label;
        var columns = spec.Features.Select(f => view.Schema[MlColumns.ForFeature(f.Name)]).Append(view.Schema[labelName]).ToArray();
        using var cursor = view.GetRowCursor(columns);
        var readers = columns.Select(c => TextGetter(cursor, c)).ToArray();
        while (cursor.MoveNext())
        {
            var record = new string[readers.Length];
            for (var i = 0; i < readers.Length; i++)
            {
                record[i] = readers[i]();
            }

            yield return record;
        }
    }

    private static Func<string> TextGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Single)
        {
            var getter = cursor.GetGetter<float>(column);
            float number = default;
            return () =>
            {
                getter(ref number);
                return float.IsNaN(number) ? string.Empty : number.ToString("R", CultureInfo.InvariantCulture);
            };
        }

        var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        return () =>
        {
            text(ref value);
            return value.ToString();
        };
    }
}
