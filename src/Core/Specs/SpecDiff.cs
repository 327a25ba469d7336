using System.Text.Json;
using System.Text.Json.Nodes;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Specs;

/// <summary>Compares two specs field by field (after applying defaults, so an omitted default is no change).</summary>
public static class SpecDiff
{
    /// <summary>The fields that differ, in path order.</summary>
    public static IReadOnlyList<SpecDifference> Compare(ModelSpec before, ModelSpec after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var left = Flatten(before);
        var right = Flatten(after);
        return
        [
            .. left.Keys.Union(right.Keys, StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(k => new SpecDifference(k, left.GetValueOrDefault(k), right.GetValueOrDefault(k)))
                .Where(d => !string.Equals(d.Before, d.After, StringComparison.Ordinal)),
        ];
    }

    private static Dictionary<string, string> Flatten(ModelSpec spec)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(JsonSerializer.SerializeToNode(spec, RetrainJson.Options), string.Empty, leaves);
        return leaves;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> leaves)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    Walk(value, path.Length == 0 ? name : $"{path}.{name}", leaves);
                }

                break;
            case JsonArray array when array.All(i => i is JsonObject o && o["name"] is JsonValue):
                foreach (var item in array)
                {
                    Walk(item, $"{path}[{item!["name"]!.GetValue<string>()}]", leaves);
                }

                break;
            case JsonArray array:
                leaves[path] = array.ToJsonString();
                break;
            default:
                leaves[path] = node?.ToJsonString() ?? "null";
                break;
        }
    }
}
