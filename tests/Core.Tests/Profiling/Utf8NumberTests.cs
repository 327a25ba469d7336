using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Profiling;

namespace RetrainFunctions.Core.Tests.Profiling;

public sealed class Utf8NumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+7")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("0.1")]
    [InlineData("-123.45678")]
    [InlineData("999999999999999")]
    [InlineData("0.000000000000001")]
    [InlineData("9007199254740993")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("2.5E-3")]
    [InlineData("12345678901234567890.123")]
    public void TryParseFinite_MatchesRuntimeParserBitForBit(string text)
    {
        Assert.True(Utf8Number.TryParseFinite(Encoding.UTF8.GetBytes(text), out var value));

        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void TryParseFinite_RandomDecimals_MatchRuntimeParserBitForBit()
    {
        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
        {
            var text = (((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 12))).ToString($"F{random.Next(0, 12)}", CultureInfo.InvariantCulture));

            Assert.True(Utf8Number.TryParseFinite(Encoding.UTF8.GetBytes(text), out var value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [InlineData(0.15f)]
    [InlineData(-0.15f)]
    [InlineData(0.5f)]
    [InlineData(1e-7f)]
    [InlineData(1.17549435e-38f)]
    [InlineData(1e-45f)]
    [InlineData(16777215.5f)]
    [InlineData(8388607.5f)]
    [InlineData(3.4028235e38f)]
    [InlineData(123456.79f)]
    [InlineData(0.1f + 0.2f)]
    public void FromSingle_EqualsTheShortestTextParsedBack(float value) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(Utf8Number.FromSingleText(value)), BitConverter.DoubleToInt64Bits(Utf8Number.FromSingle(value)));

    [Fact]
    public void FromSingle_RandomFloats_EqualTheShortestTextParsedBackBitForBit()
    {
        var random = new Random(11);
        Span<byte> bits = stackalloc byte[4];
        for (var i = 0; i < 300_000; i++)
        {
            var value = (i % 3) switch
            {
                // Any finite float, every exponent alike.
                0 => RandomBits(random, bits),
                // Decimals as a CSV holds them, 1 to 9 significant digits, read as floats.
                1 => float.Parse(((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 8))).ToString($"G{random.Next(1, 10)}", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                // Floats near powers of two, where the rounding interval is lopsided.
                _ => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(MathF.Pow(2, random.Next(-40, 24))) + random.Next(-2, 3)),
            };

            Assert.True(
                BitConverter.DoubleToInt64Bits(Utf8Number.FromSingleText(value)) == BitConverter.DoubleToInt64Bits(Utf8Number.FromSingle(value)),
                $"{value:R}: {Utf8Number.FromSingleText(value):R} vs {Utf8Number.FromSingle(value):R}");
        }
    }

    [Fact]
    public void FromSingle_WithTheDigitsHintCarriedAlongAColumn_EqualsTheShortestTextParsedBack()
    {
        var random = new Random(5);
        var digits = -1;
        for (var i = 0; i < 200_000; i++)
        {
            // Runs of values with the same number of decimals, then a change, as a column read from a CSV has.
            var decimals = (i / 1000 % 8) + (random.Next(10) == 0 ? random.Next(-2, 3) : 0);
            var value = (float)Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 5)), Math.Clamp(decimals, 0, 9));

            var converted = Utf8Number.FromSingle(value, ref digits);

            Assert.True(
                BitConverter.DoubleToInt64Bits(Utf8Number.FromSingleText(value)) == BitConverter.DoubleToInt64Bits(converted),
                $"{value:R} (hint now {digits}): {Utf8Number.FromSingleText(value):R} vs {converted:R}");
        }
    }

    [Fact]
    public void FromSingle_AroundEveryPowerOfTwo_EqualsTheShortestTextParsedBackBitForBit()
    {
        // Just above a power of two the float's rounding interval is twice as wide above as below, so the decimal nearest
        // to the value can fall outside it while its other neighbour is inside.
        for (var exponent = -126; exponent < 24; exponent++)
        {
            var power = BitConverter.SingleToInt32Bits(MathF.ScaleB(1f, exponent));
            for (var step = -64; step <= 64; step++)
            {
                foreach (var sign in (ReadOnlySpan<float>)[1f, -1f])
                {
                    var value = sign * BitConverter.Int32BitsToSingle(power + step);
                    Assert.True(
                        BitConverter.DoubleToInt64Bits(Utf8Number.FromSingleText(value)) == BitConverter.DoubleToInt64Bits(Utf8Number.FromSingle(value)),
                        $"{value:R}: {Utf8Number.FromSingleText(value):R} vs {Utf8Number.FromSingle(value):R}");
                }
            }
        }
    }

    private static float RandomBits(Random random, Span<byte> bits)
    {
        while (true)
        {
            random.NextBytes(bits);
            var value = BitConverter.ToSingle(bits);
            if (float.IsFinite(value))
            {
                return value;
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("1e400")]
    [InlineData("Infinity")]
    public void TryParseFinite_NotAFiniteNumber_False(string text) =>
        Assert.False(Utf8Number.TryParseFinite(Encoding.UTF8.GetBytes(text), out _));
}
