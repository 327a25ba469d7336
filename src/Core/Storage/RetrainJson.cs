using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Storage;

/// <summary>The JSON conventions of every document RetrainFunctions writes: camelCase, enums as strings, indented.</summary>
public static class RetrainJson
{
    /// <summary>Gets the shared serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

            // Documents are read by people and tools, never embedded in HTML unescaped: keep '+', '<', '>' and non-ASCII readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new TrainerKindJsonConverter(writeNames: true));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
