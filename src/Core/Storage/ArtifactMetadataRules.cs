namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The rules for artifact metadata, the same for every adapter because Blob Storage imposes them: keys are
/// ASCII identifiers (letters, digits, '_', not starting with a digit) unique ignoring case; values are
/// printable ASCII.
/// </summary>
internal static class ArtifactMetadataRules
{
    /// <summary>An empty, read-only metadata set.</summary>
    public static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Validates <paramref name="metadata"/> and returns a private copy with case-insensitive keys.</summary>
    public static Dictionary<string, string> Snapshot(IReadOnlyDictionary<string, string>? metadata)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (metadata is null)
        {
            return copy;
        }

        foreach (var (key, value) in metadata)
        {
            if (!IsValidKey(key))
            {
                throw new ArgumentException($"Invalid metadata key '{key}': use ASCII letters, digits and '_', not starting with a digit.", nameof(metadata));
            }

            ArgumentNullException.ThrowIfNull(value, nameof(metadata));
            if (!value.All(c => c is >= ' ' and <= '~'))
            {
                throw new ArgumentException($"Invalid value of metadata key '{key}': only printable ASCII characters are allowed.", nameof(metadata));
            }

            if (!copy.TryAdd(key, value))
            {
                throw new ArgumentException($"Duplicate metadata key '{key}' (keys are case-insensitive).", nameof(metadata));
            }
        }

        return copy;
    }

    private static bool IsValidKey(string key) =>
        key.Length is > 0 and <= 256
        && !char.IsAsciiDigit(key[0])
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
