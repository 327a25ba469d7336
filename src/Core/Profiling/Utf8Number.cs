using System.Globalization;

namespace RetrainFunctions.Core.Profiling;

/// <summary>
/// Parses invariant-culture numbers straight from UTF-8 bytes. Plain decimals (<c>[+-]digits[.digits]</c> with at
/// most 15 digits) take the exact fast path of Clinger (1990): the digits as an integer below 2^53 divided by a power
/// of ten that is itself exact, one correctly rounded division, so the result is bit for bit what
/// <see cref="double.Parse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?)"/> returns. Everything else goes to the runtime parser.
/// </summary>
internal static class Utf8Number
{
    private const int MaxFastDigits = 15;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    /// <summary>
    /// The double a CSV holding <paramref name="value"/> would give: its shortest text parsed back, as the profile of a
    /// CSV batch parses it (0.15f gives 0.15, not 0.150000006), so both fall into the same histogram bins. Whole numbers
    /// below 2²⁴ are exact as they are and skip the text.
    /// </summary>
    public static double FromSingle(float value)
    {
        if (MathF.Abs(value) < 16_777_216f && value == MathF.Truncate(value))
        {
            return value;
        }

        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        return TryParseFinite(text[..written], out var parsed) ? parsed : value;
    }

    /// <summary>Parses <paramref name="text"/> (already trimmed) as a finite number.</summary>
    public static bool TryParseFinite(ReadOnlySpan<byte> text, out double value)
    {
        if (TryParseFast(text, out value))
        {
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>
    /// Whether <paramref name="text"/> (as it stands, untrimmed) is a plain decimal of the fast path: <c>[+-]digits[.digits]</c>
    /// with 1 to 15 digits. Such text is never a missing-value token, always parses as a finite invariant-culture number,
    /// and lies within the float range, so a validator can accept it without decoding it.
    /// </summary>
    public static bool IsPlainDecimal(ReadOnlySpan<byte> text) => TryParseFast(text, out _);

    private static bool TryParseFast(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        var fraction = -1; // digits after the point; -1 before a point is seen
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                if (++digits > MaxFastDigits)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (c == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var magnitude = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
