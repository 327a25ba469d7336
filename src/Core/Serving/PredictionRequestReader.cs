using System.Text.Json;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Serving;

/// <summary>
/// Reads and validates a prediction request against the spec: <c>{"rows": [{"column": value, ...}, ...]}</c>. Every
/// feature must be present; numeric features take a JSON number or <c>null</c> (missing), categorical features a
/// string or <c>null</c>. The label and timestamp columns are accepted and ignored, so a training CSV row turned into
/// JSON can be sent as is; any other column is refused. Each refusal names the field (<c>rows[3].income</c>).
/// </summary>
internal sealed class PredictionRequestReader
{
    private const string RowsField = "rows";
    private readonly ModelSpec _spec;
    private readonly Dictionary<string, int> _features;
    private readonly HashSet<string> _ignored;
    private readonly string _allowed;

    public PredictionRequestReader(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _features = spec.Features.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _ignored = new HashSet<string>(StringComparer.Ordinal) { spec.Label.Column };
        if (spec.TimestampColumn is { } timestamp)
        {
            _ignored.Add(timestamp);
        }

        _allowed = string.Join(", ", spec.Features.Select(f => $"{f.Name} ({f.Type})"));
    }

    public PredictionProblem? TryRead(JsonElement body, int maxRows, out IReadOnlyList<FeatureRow> rows)
    {
        rows = [];
        if (body.ValueKind != JsonValueKind.Object)
        {
            return new("$", $"The body must be a JSON object {{\"rows\": [{{...}}]}}, not {Describe(body.ValueKind)}.");
        }

        JsonElement? array = null;
        foreach (var property in body.EnumerateObject())
        {
            if (!string.Equals(property.Name, RowsField, StringComparison.Ordinal))
            {
                return new(property.Name, $"Unknown field '{property.Name}'; the body has one field, 'rows'.");
            }

            array = property.Value;
        }

        if (array is not { } list)
        {
            return new(RowsField, "Required: an array of 1 or more row objects keyed by column name.");
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return new(RowsField, $"Must be an array of row objects, not {Describe(list.ValueKind)}.");
        }

        var count = list.GetArrayLength();
        if (count == 0 || count > maxRows)
        {
            return new(RowsField, $"Must hold 1 to {maxRows} rows (it holds {count}).");
        }

        var result = new FeatureRow[count];
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var row = new FeatureRow(_features.Count);
            if (ReadRow(element, index, row) is { } problem)
            {
                return problem;
            }

            result[index++] = row;
        }

        rows = result;
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private PredictionProblem? ReadRow(JsonElement element, int index, FeatureRow row)
    {
        var prefix = $"rows[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new(prefix, $"Must be an object keyed by column name, not {Describe(element.ValueKind)}.");
        }

        Span<bool> seen = stackalloc bool[_features.Count];
        foreach (var property in element.EnumerateObject())
        {
            if (!_features.TryGetValue(property.Name, out var feature))
            {
                if (_ignored.Contains(property.Name))
                {
                    continue;
                }

                return new($"{prefix}.{property.Name}", $"Unknown column '{property.Name}'; the features of model '{_spec.Name}' are: {_allowed}.");
            }

            if (seen[feature])
            {
                return new($"{prefix}.{property.Name}", "Given more than once.");
            }

            seen[feature] = true;
            var value = property.Value;
            if (_spec.Features[feature].Type == FeatureType.Numeric)
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    row.Numbers[feature] = float.NaN;
                }
                else if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && Math.Abs(number) <= float.MaxValue)
                {
                    row.Numbers[feature] = (float)number;
                }
                else
                {
                    return new($"{prefix}.{property.Name}", $"Numeric feature: must be a JSON number within the float range or null (missing), not {Describe(value.ValueKind)}.");
                }
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                row.Texts[feature] = value.GetString().AsMemory();
            }
            else if (value.ValueKind == JsonValueKind.Null)
            {
                row.Texts[feature] = ReadOnlyMemory<char>.Empty;
            }
            else
            {
                return new($"{prefix}.{property.Name}", $"Categorical feature: must be a JSON string or null (missing), not {Describe(value.ValueKind)}.");
            }
        }

        for (var i = 0; i < seen.Length; i++)
        {
            if (!seen[i])
            {
                return new($"{prefix}.{_spec.Features[i].Name}", "Required: every feature must be given (use null for a missing value).");
            }
        }

        return null;
    }
}
