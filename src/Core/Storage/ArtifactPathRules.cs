using System.Globalization;
using System.Text;

namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The rules every artifact path and list prefix follows, whatever the adapter: '/'-separated, relative,
/// at most <see cref="MaxLength"/> characters, no empty, <c>.</c> or <c>..</c> segments, no backslashes, no
/// control characters. Keeping one rule set makes a path valid on the local disk exactly when it is valid
/// in Blob Storage.
/// </summary>
internal static class ArtifactPathRules
{
    /// <summary>The longest accepted path (the Blob Storage limit for a blob name).</summary>
    public const int MaxLength = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="path"/> unless it is a valid artifact path.</summary>
    public static string ValidatePath(string path, string parameterName = "path")
    {
        ArgumentNullException.ThrowIfNull(path, parameterName);
        var problem = FindProblem(path, isPrefix: false);
        return problem is null ? path : throw new ArgumentException($"Invalid artifact path '{Printable(path)}': {problem}", parameterName);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="prefix"/> is a valid list prefix: empty, or a
    /// path whose last segment may be partial or empty (<c>runs/m1/</c>, <c>runs/m1/2025</c>).
    /// </summary>
    public static string ValidatePrefix(string prefix, string parameterName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        var problem = prefix.Length == 0 ? null : FindProblem(prefix, isPrefix: true);
        return problem is null ? prefix : throw new ArgumentException($"Invalid artifact prefix '{Printable(prefix)}': {problem}", parameterName);
    }

    private static string? FindProblem(string path, bool isPrefix)
    {
        if (path.Length == 0)
        {
            return "the path is empty.";
        }

        if (path.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters.";
        }

        if (path.Any(char.IsControl))
        {
            return "control characters are not allowed.";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "use '/' as the separator; backslashes are not allowed.";
        }

        if (path[0] == '/' || Path.IsPathRooted(path))
        {
            return "the path must be relative to the store root (no leading '/' or drive).";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var isLast = i == segments.Length - 1;
            var segment = segments[i];

            // A prefix's last segment is partial: "runs/m1/" (empty) and "runs/m1/20" both select children.
            if (isPrefix && isLast)
            {
                continue;
            }

            if (segment.Length == 0)
            {
                return "empty segments ('//', or a trailing '/') are not allowed.";
            }

            if (segment is "." or "..")
            {
                return "'.' and '..' segments are not allowed.";
            }
        }

        return null;
    }

    private static string Printable(string path)
    {
        var builder = new StringBuilder(Math.Min(path.Length, 200));
        foreach (var c in path.AsSpan(0, Math.Min(path.Length, 200)))
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
