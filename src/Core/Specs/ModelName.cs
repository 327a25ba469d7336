using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Model names become blob path segments and Durable instance ids, so they are restricted to
/// lowercase letters, digits and single inner hyphens, 2–48 characters, starting with a letter.
/// </summary>
public static partial class ModelName
{
    /// <summary>The maximum length of a model name.</summary>
    public const int MaxLength = 48;

    /// <summary>Checks <paramref name="name"/> and explains what is wrong, or returns <see langword="null"/> when valid.</summary>
    public static string? Explain(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a model name is required";
        }

        if (name.Length is < 2 or > MaxLength)
        {
            return $"'{Printable(name)}' must be 2 to {MaxLength} characters long (it has {name.Length})";
        }

        return Pattern().IsMatch(name)
            ? null
            : $"'{Printable(name)}' may contain only lowercase letters a-z, digits and single hyphens, must start with a letter and must not end with a hyphen (it becomes a blob path segment, so '/', '..' and control characters are refused)";
    }

    /// <summary>Returns whether <paramref name="name"/> is a valid model name.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) => Explain(name) is null;

    /// <summary>Throws <see cref="ArgumentException"/> naming the problem when <paramref name="name"/> is invalid.</summary>
    public static string Validate([NotNull] string? name, string paramName = "model")
    {
        var problem = Explain(name);
        if (problem is not null || name is null)
        {
            throw new ArgumentException($"Invalid model name: {problem}.", paramName);
        }

        return name;
    }

    private static string Printable(string value)
    {
        var chars = value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars) + (value.Length > 64 ? "…" : string.Empty);
    }

    [GeneratedRegex("^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
