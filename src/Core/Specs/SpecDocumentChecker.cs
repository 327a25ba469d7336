using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Finds every field of a spec document whose JSON value cannot become the spec's type (a name that is not one of an
/// enum's or of the registered trainers, text where a number belongs, an object where a list belongs), so that a broken spec is reported with all its
/// problems and the allowed values at once, in the document's own field names, instead of stopping at the
/// serializer's first error and naming a .NET type.
/// </summary>
public static class SpecDocumentChecker
{
    /// <summary>Returns one problem per field that cannot be read as <typeparamref name="T"/> with the built-in trainers; empty when each can.</summary>
    public static IReadOnlyList<string> Check<T>(JsonNode? document) => Check<T>(document, TrainerRegistry.BuiltIn);

    /// <summary>Returns one problem per field that cannot be read as <typeparamref name="T"/>, trainers named from <paramref name="trainers"/>; empty when each can.</summary>
    public static IReadOnlyList<string> Check<T>(JsonNode? document, TrainerRegistry trainers)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        var problems = new List<string>();
        CheckValue(document, typeof(T), string.Empty, trainers, problems);
        return problems;
    }

    private static void CheckValue(JsonNode? node, Type type, string path, TrainerRegistry trainers, List<string> problems)
    {
        if (node is null)
        {
            return;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        var field = path.Length == 0 ? "the document" : path;
        if (target.IsEnum)
        {
            var names = Enum.GetNames(target);
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || !names.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{field}: {Show(node)} is not allowed; allowed: {string.Join(", ", names)}.");
            }

            return;
        }

        if (target == typeof(TrainerKind))
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text) || !trainers.Contains(new TrainerKind(text)))
            {
                problems.Add($"{field}: {Show(node)} is not allowed; allowed: {string.Join(", ", trainers.Kinds)}.");
            }

            return;
        }

        if (target == typeof(string))
        {
            Expect(node, JsonValueKind.String, "text", field, problems);
        }
        else if (target == typeof(bool))
        {
            if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add($"{field}: {Show(node)} is not allowed; allowed: true, false.");
            }
        }
        else if (target == typeof(int) || target == typeof(long))
        {
            if (node is not JsonValue value || !value.TryGetValue<double>(out var number) || number != Math.Floor(number)
                || number < (target == typeof(int) ? int.MinValue : long.MinValue) || number > (target == typeof(int) ? int.MaxValue : long.MaxValue))
            {
                problems.Add($"{field}: {Show(node)} is not a whole number{(node.GetValueKind() == JsonValueKind.Number ? " in range" : string.Empty)}.");
            }
        }
        else if (target == typeof(double) || target == typeof(float) || target == typeof(decimal))
        {
            var named = node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is "NaN" or "Infinity" or "-Infinity";
            if (node.GetValueKind() != JsonValueKind.Number && !named)
            {
                problems.Add($"{field}: {Show(node)} is not a number.");
            }
        }
        else if (target == typeof(TimeSpan))
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _))
            {
                problems.Add($"{field}: {Show(node)} is not a duration (d.hh:mm:ss, e.g. \"1.00:00:00\").");
            }
        }
        else if (target == typeof(DateTimeOffset) || target == typeof(DateTime))
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            {
                problems.Add($"{field}: {Show(node)} is not an ISO 8601 date and time.");
            }
        }
        else
        {
            CheckComposite(node, target, path, field, trainers, problems);
        }
    }

    private static void CheckComposite(JsonNode node, Type target, string path, string field, TrainerRegistry trainers, List<string> problems)
    {
        var info = RetrainJson.Options.GetTypeInfo(target);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                if (node is not JsonArray array)
                {
                    problems.Add($"{field}: {Show(node)} is not a list; write [ ... ].");
                    return;
                }

                var element = info.ElementType ?? typeof(object);
                for (var i = 0; i < array.Count; i++)
                {
                    CheckValue(array[i], element, $"{path}[{i}]", trainers, problems);
                }

                break;
            case JsonTypeInfoKind.Dictionary:
                if (node is not JsonObject map)
                {
                    problems.Add($"{field}: {Show(node)} is not an object; write {{ ... }}.");
                    return;
                }

                var keyType = Nullable.GetUnderlyingType(info.KeyType!) ?? info.KeyType!;
                foreach (var (key, value) in map)
                {
                    if (keyType.IsEnum && !Enum.GetNames(keyType).Contains(key, StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add($"{Join(path, key)}: '{key}' is not allowed as a key; allowed: {string.Join(", ", Enum.GetNames(keyType))}.");
                        continue;
                    }

                    CheckValue(value, info.ElementType ?? typeof(object), Join(path, key), trainers, problems);
                }

                break;
            case JsonTypeInfoKind.Object:
                if (node is not JsonObject obj)
                {
                    problems.Add($"{field}: {Show(node)} is not an object; write {{ ... }}.");
                    return;
                }

                foreach (var property in info.Properties)
                {
                    var match = obj.FirstOrDefault(p => string.Equals(p.Key, property.Name, StringComparison.OrdinalIgnoreCase));
                    if (match.Key is not null)
                    {
                        CheckValue(match.Value, property.PropertyType, Join(path, property.Name), trainers, problems);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static void Expect(JsonNode node, JsonValueKind kind, string what, string field, List<string> problems)
    {
        if (node.GetValueKind() != kind)
        {
            problems.Add($"{field}: {Show(node)} is not {what}.");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Show(JsonNode node)
    {
        var text = node.ToJsonString();
        return node.GetValueKind() switch
        {
            JsonValueKind.String => $"'{node.GetValue<string>()}'",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            _ => text.Length > 40 ? text[..40] + "..." : text,
        };
    }
}
