using System.Globalization;

namespace RetrainFunctions.Core.Tabular;

/// <summary>How RetrainFunctions reads cell values: invariant numbers, ISO 8601 or Unix-second timestamps, common missing markers.</summary>
public static class CsvValues
{
    /// <summary>Returns whether a cell is missing: empty, whitespace, <c>NA</c>, <c>NaN</c>, <c>null</c> or <c>?</c>.</summary>
    public static bool IsMissing(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsMissing(value.AsSpan());
    }

    /// <summary>Returns whether a cell is missing: empty, whitespace, <c>NA</c>, <c>NaN</c>, <c>null</c> or <c>?</c>.</summary>
    public static bool IsMissing(ReadOnlySpan<char> value)
    {
        var span = value.Trim();
        return span.IsEmpty || span is "?" || span.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || span.Equals("NaN", StringComparison.OrdinalIgnoreCase) || span.Equals("null", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses a finite invariant-culture number.</summary>
    public static bool TryParseNumber(string value, out double number) => TryParseNumber(value.AsSpan(), out number);

    /// <summary>Parses a finite invariant-culture number.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> value, out double number) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>Parses an ISO 8601 timestamp (UTC assumed when no offset is given) or Unix seconds.</summary>
    public static bool TryParseTimestamp(string value, out DateTimeOffset timestamp) => TryParseTimestamp(value.AsSpan(), out timestamp);

    /// <summary>Parses an ISO 8601 timestamp (UTC assumed when no offset is given) or Unix seconds.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> value, out DateTimeOffset timestamp)
    {
        var span = value.Trim();
        if (DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
        {
            return true;
        }

        if (long.TryParse(span, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 32_503_680_000)
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        timestamp = default;
        return false;
    }
}
