using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Reads a <see cref="TrainerKind"/> from a name or from the number the former enum gave a built-in trainer, and writes
/// either the number of a built-in trainer (orchestration histories keep their shape: see <see cref="TrainerKind"/>) or
/// always the name (documents: <c>RetrainJson</c> adds the converter that way).
/// </summary>
public sealed class TrainerKindJsonConverter : JsonConverter<TrainerKind>
{
    private readonly bool _writeNames;

    /// <summary>Initializes a new instance of the <see cref="TrainerKindJsonConverter"/> class that writes built-in trainers as numbers.</summary>
    public TrainerKindJsonConverter()
        : this(writeNames: false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TrainerKindJsonConverter"/> class.</summary>
    /// <param name="writeNames">Whether every trainer is written as its name (otherwise a built-in one as its number).</param>
    public TrainerKindJsonConverter(bool writeNames) => _writeNames = writeNames;

    /// <inheritdoc/>
    public override TrainerKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when reader.GetString() is { } name && !string.IsNullOrWhiteSpace(name):
                return new TrainerKind(name);
            case JsonTokenType.Number when reader.TryGetInt32(out var number) && number >= 0 && number < TrainerKind.BuiltInNames.Count:
                return new TrainerKind(TrainerKind.BuiltInNames[number]);
            default:
                throw new JsonException($"A trainer is a name such as \"{TrainerKind.LightGbm}\"; found {reader.TokenType}.");
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TrainerKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var number = IndexOf(value.Name);
        if (!_writeNames && number >= 0)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Name);
        }
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < TrainerKind.BuiltInNames.Count; i++)
        {
            if (string.Equals(TrainerKind.BuiltInNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
