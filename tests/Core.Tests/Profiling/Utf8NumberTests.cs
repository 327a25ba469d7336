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
