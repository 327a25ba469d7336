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
        if (TryParseIsoFast(span, out timestamp) || DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
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

    /// <summary>
    /// The form exports write, <c>yyyy-MM-ddTHH:mm:ss</c> (or a space for the <c>T</c>) with up to seven fraction digits
    /// and <c>Z</c>, <c>±HH:mm</c> or no offset (UTC assumed), read without the general parser — which took a third of the
    /// profile of the bench's 1,000,000-row batch, and every batch's timestamps are parsed three times (inspection,
    /// profile, snapshot). Anything else, or a field out of range, returns false and the general parser decides, so the
    /// result is always the general parser's (CsvValuesTests compares them).
    /// </summary>
    private static bool TryParseIsoFast(ReadOnlySpan<char> s, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] is not ('T' or ' ') || s[13] != ':' || s[16] != ':'
            || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day)
            || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || !TryDigits(s, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (at < s.Length && s[at] == '.')
        {
            var digits = 0;
            for (at++; at < s.Length && char.IsAsciiDigit(s[at]); at++, digits++)
            {
                fraction = (fraction * 10) + (s[at] - '0');
            }

            if (digits is 0 or > 7)
            {
                return false;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }
        }

        long offsetTicks = 0;
        if (at < s.Length)
        {
            if (s[at] == 'Z' && at + 1 == s.Length)
            {
                at++;
            }
            else if (s[at] is '+' or '-' && at + 6 == s.Length && s[at + 3] == ':'
                && TryDigits(s, at + 1, 2, out var offsetHours) && TryDigits(s, at + 4, 2, out var offsetMinutes) && offsetMinutes <= 59 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
            {
                offsetTicks = (s[at] == '-' ? -1 : 1) * ((offsetHours * TimeSpan.TicksPerHour) + (offsetMinutes * TimeSpan.TicksPerMinute));
                at += 6;
            }
            else
            {
                return false;
            }
        }

        var utc = new DateTime(year, month, day, hour, minute, second).Ticks + fraction - offsetTicks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        timestamp = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        foreach (var c in s.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
