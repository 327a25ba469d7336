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
        var digits = -1;
        return FromSingle(value, ref digits);
    }

    /// <summary>
    /// As <see cref="FromSingle(float)"/>, starting the search for the fraction digits at <paramref name="digits"/> (the
    /// previous value's of the same column, −1 for none) and leaving this value's there: a column's values mostly carry
    /// the same number of decimals, so two conversions find them instead of five.
    /// </summary>
    public static double FromSingle(float value, ref int digits)
    {
        if (MathF.Abs(value) < 16_777_216f && value == MathF.Truncate(value))
        {
            return value;
        }

        return TryShortestFraction(value, ref digits, out var shortest) ? shortest : FromSingleText(value);
    }

    /// <summary>What <see cref="FromSingle(float)"/> returns, the slow way it is defined: the shortest round-trip text ("R") parsed back.</summary>
    internal static double FromSingleText(float value)
    {
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        return TryParseFinite(text[..written], out var parsed) ? parsed : value;
    }

    /// <summary>
    /// The shortest decimal that reads back as <paramref name="value"/> (a finite float below 2^24 in magnitude), found
    /// without text: the fewest fraction digits k ≤ 15 for which m / 10^k, m the integer nearest to value·10^k or its other
    /// neighbour, lies in the interval of reals that round to <paramref name="value"/> as a float. That decimal is the one
    /// the shortest round-trip text holds (fewest digits, nearest first), and m / 10^k with m below 2^53 and an exact power
    /// of ten is one correctly rounded division, the double the text parses to (the fast path above). Whether a k works is
    /// monotonic in k (m·10 works at k + 1), so k is found by bisection, each step a comparison with the interval's
    /// half-widths scaled by 10^k; only a candidate within a millionth of a half-width of the interval's edge (where
    /// value·10^k's rounding could matter) is settled by converting it. On the bench's values (five decimals) 36 ns a value with a
    /// column's digits hint, 57 ns without, against 80 ns for formatting and parsing (the typed profile of its 795,000-row
    /// train split had spent 2 s there); checked bit for bit against
    /// <see cref="FromSingleText"/> (Utf8NumberTests). False when no k ≤ 15 works (very small magnitudes).
    /// </summary>
    private static bool TryShortestFraction(float value, ref int digits, out double result)
    {
        result = 0;
        double x = value;
        if (!(Math.Abs(x) < 16_777_216))
        {
            return false;
        }

        // Bisection over fraction digits; high always works and best is its decimal, so no k is converted twice.
        var interval = new RoundingInterval(value, x);
        var (low, high, best, found) = (0, MaxFastDigits, 0.0, false);
        if (digits is >= 0 and <= MaxFastDigits)
        {
            // The hint brackets the answer with one or two conversions when it is right or off by one.
            if (interval.TryFraction(digits, out var atHint))
            {
                (high, best, found) = (digits, atHint, true);
                if (digits > 0 && interval.TryFraction(digits - 1, out var belowHint))
                {
                    (high, best) = (digits - 1, belowHint);
                }
                else
                {
                    low = digits;
                }
            }
            else
            {
                low = digits + 1;
            }
        }

        if (!found && !interval.TryFraction(MaxFastDigits, out best))
        {
            return false;
        }

        while (low < high)
        {
            var k = (low + high) / 2;
            if (interval.TryFraction(k, out var candidate))
            {
                (high, best) = (k, candidate);
            }
            else
            {
                low = k + 1;
            }
        }

        (digits, result) = (high, best);
        return true;
    }

    /// <summary>The reals that round to a float: (x − below, x + above), edges settled by conversion.</summary>
    private readonly struct RoundingInterval(float value, double x)
    {
        private const double Slack = 1e-6;
        private const double MaxExact = 9_007_199_254_740_992; // 2^53

        private readonly double _above = ((double)MathF.BitIncrement(value) - x) / 2;
        private readonly double _below = (x - (double)MathF.BitDecrement(value)) / 2;

        /// <summary>Whether some m / 10^k rounds to the float; <paramref name="candidate"/> is the nearest such.</summary>
        public bool TryFraction(int k, out double candidate)
        {
            var power = PowersOfTen[k];
            var scaled = x * power;
            var nearest = Math.Round(scaled);
            var other = nearest + (scaled >= nearest ? 1 : -1);
            var (above, below) = (_above * power, _below * power);
            foreach (var m in (ReadOnlySpan<double>)[nearest, other])
            {
                var offset = m - scaled;
                if (Math.Abs(m) >= MaxExact || offset >= above * (1 + Slack) || -offset >= below * (1 + Slack))
                {
                    continue;
                }

                candidate = m / power;
                if ((offset < above * (1 - Slack) && -offset < below * (1 - Slack)) || (float)candidate == value)
                {
                    return true;
                }
            }

            candidate = 0;
            return false;
        }
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
