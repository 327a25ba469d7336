using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Features;

/// <summary>
/// Reads a snapshot split — the binary file the snapshot writes (<see cref="BinaryExtension"/>), already in this shape — or
/// a CSV (a batch, an older CSV split; header row, ',' separated, RFC 4180 quoting, empty field = missing, invariant numbers)
/// into an ML.NET <see cref="IDataView"/> shaped by the spec: numeric features as <see cref="float"/> (missing → NaN),
/// categorical features as text, and a <see cref="MlColumns.Label"/> column — Boolean for binary classification
/// (<c>label == positiveClass</c>, trimmed, case-insensitive), text for multiclass (the trainer maps it to a key)
/// and <see cref="float"/> for regression. Columns are found by their header names, so extra columns are ignored.
/// </summary>
/// <remarks>The label mapping is part of loading, never of a saved model: a deployed model needs no label to predict.</remarks>
internal static class SpecDataLoader
{
    /// <summary>The file extension of a binary split (<see cref="Storage.SnapshotArtifacts.Split"/>).</summary>
    public const string BinaryExtension = ".idv";

    /// <summary>
    /// Loads the data at <paramref name="localPath"/> lazily: a binary split (<see cref="BinaryExtension"/>, written by the
    /// snapshot with this very schema) as it is, anything else as CSV; throws <see cref="InvalidDataException"/> when a spec
    /// column is missing.
    /// </summary>
    public static IDataView Load(MLContext ml, ModelSpec spec, string localPath)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        return IsBinary(localPath) ? LoadBinary(ml, spec, localPath) : LoadCsv(ml, spec, localPath);
    }

    /// <summary>Returns whether <paramref name="path"/> names a binary split.</summary>
    public static bool IsBinary(string path) => path.EndsWith(BinaryExtension, StringComparison.OrdinalIgnoreCase);

    private static IDataView LoadBinary(MLContext ml, ModelSpec spec, string localPath)
    {
        var view = ml.Data.LoadFromBinary(localPath);
        foreach (var feature in spec.Features)
        {
            var name = MlColumns.ForFeature(feature.Name);
            var expected = feature.Type == FeatureType.Numeric ? (DataViewType)NumberDataViewType.Single : TextDataViewType.Instance;
            if (view.Schema.GetColumnOrNull(name) is not { } column || !column.Type.Equals(expected))
            {
                throw new InvalidDataException(
                    $"The split file {Path.GetFileName(localPath)} has no {expected} column '{feature.Name}'; its columns are: {string.Join(", ", view.Schema.Select(c => c.Name))}.");
            }
        }

        return view;
    }

    private static IDataView LoadCsv(MLContext ml, ModelSpec spec, string localPath)
    {
        var header = ReadHeader(localPath);
        var columns = new List<TextLoader.Column>(spec.Features.Count + 1);
        foreach (var feature in spec.Features)
        {
            var kind = feature.Type == FeatureType.Numeric ? DataKind.Single : DataKind.String;
            columns.Add(new TextLoader.Column(MlColumns.ForFeature(feature.Name), kind, IndexOf(header, feature.Name, localPath)));
        }

        var labelIndex = IndexOf(header, spec.Label.Column, localPath);
        columns.Add(spec.Task switch
        {
            ModelTask.BinaryClassification => new TextLoader.Column(MlColumns.RawLabel, DataKind.String, labelIndex),
            ModelTask.MulticlassClassification => new TextLoader.Column(MlColumns.Label, DataKind.String, labelIndex),
            ModelTask.Regression => new TextLoader.Column(MlColumns.Label, DataKind.Single, labelIndex),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Task, "Unknown model task."),
        });

        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = [.. columns],
            HasHeader = true,
            Separators = [','],
            AllowQuoting = true,
            ReadMultilines = true,
            MissingRealsAsNaNs = true,
            TrimWhitespace = false,
        });
        var view = loader.Load(localPath);
        return spec.Task == ModelTask.BinaryClassification ? MapBinaryLabel(ml, view, spec.Label.PositiveClass) : view;
    }

    /// <summary>Counts the rows of <paramref name="view"/> (one pass reading no column).</summary>
    public static int CountRows(IDataView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.GetRowCount() is { } known)
        {
            return checked((int)known);
        }

        var rows = 0;
        using var cursor = view.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            rows++;
        }

        return rows;
    }

    /// <summary>Splits one CSV record (RFC 4180) into its fields.</summary>
    internal static IReadOnlyList<string> ParseRecord(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static IReadOnlyList<string> ReadHeader(string localPath)
    {
        using var reader = new StreamReader(localPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = reader.ReadLine() ?? throw new InvalidDataException("The split file is empty: a header row is required.");
        return ParseRecord(line.TrimEnd('\r'));
    }

    private static int IndexOf(IReadOnlyList<string> header, string column, string localPath)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new InvalidDataException(
            $"The split file {Path.GetFileName(localPath)} has no column '{column}'; its header is: {string.Join(", ", header)}.");
    }

    private static IDataView MapBinaryLabel(MLContext ml, IDataView view, string? positiveClass)
    {
        var positive = (positiveClass ?? throw new InvalidOperationException("Binary classification needs label.positiveClass.")).Trim();
        var mapping = ml.Transforms.CustomMapping<RawLabelRow, BinaryLabelRow>(
            (input, output) => output.Label = string.Equals(input.RawLabel?.Trim(), positive, StringComparison.OrdinalIgnoreCase),
            contractName: null);
        return mapping.Fit(view).Transform(view);
    }

    /// <summary>The input of the binary label mapping.</summary>
    private sealed class RawLabelRow
    {
        [ColumnName(MlColumns.RawLabel)]
        public string? RawLabel { get; set; }
    }

    /// <summary>The output of the binary label mapping.</summary>
    private sealed class BinaryLabelRow
    {
        [ColumnName(MlColumns.Label)]
        public bool Label { get; set; }
    }
}
