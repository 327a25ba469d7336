using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Storage;

/// <summary>The checks every segment of an artifact path passes: model names, ids, file names.</summary>
internal static class ArtifactIds
{
    public static string Model(string model) => ModelName.Validate(model);

    public static string Id(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Length > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || id.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid artifact id '{id}': use 1-128 ASCII letters, digits, '-', '_' or '.', without '..'.", nameof(id));
        }

        return id;
    }

    public static string FileName(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (fileName.Length > 200 || fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal)
            || fileName is "." or ".." || fileName.Any(char.IsControl))
        {
            throw new ArgumentException($"Invalid incoming file name '{fileName}': one path segment of at most 200 characters, no control characters.", nameof(fileName));
        }

        return fileName;
    }
}
