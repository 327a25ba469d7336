using System.Globalization;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Tests.Tabular;

/// <summary>
/// <see cref="CsvValues.TryParseTimestamp(ReadOnlySpan{char}, out DateTimeOffset)"/> reads the usual ISO 8601 forms
/// without the general parser; whatever it returns must be what the general parser returns.
/// </summary>
public sealed class CsvValuesTests
{
    [Theory]
    [InlineData("2026-01-12T13:46:40Z")]
    [InlineData("2026-01-12 13:46:40")]
    [InlineData("2026-01-12T13:46:40")]
    [InlineData("2024-02-29T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2026-01-12T13:46:40.1234567+05:30")]
    [InlineData("2026-01-12T13:46:40.1-08:00")]
    [InlineData("2026-01-12T13:46:40.12345678Z")]
    [InlineData("2026-01-12T24:00:00Z")]
    [InlineData("2026-01-12T23:59:60Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("2026-01-12T13:46:40+0530")]
    [InlineData("2026-01-12T13:46:40+15:00")]
    [InlineData("2026-01-12T13:46:40.Z")]
    [InlineData("2026-01-12T13:46")]
    [InlineData("1767225600")]
    [InlineData("  2026-01-12T13:46:40Z ")]
    public void TryParseTimestamp_EdgeForms_AsTheGeneralParser(string text) => AssertAsGeneralParser(text);

    [Fact]
    public void TryParseTimestamp_RandomIsoForms_AsTheGeneralParser()
    {
        var random = new Random(3);
        for (var i = 0; i < 50_000; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 10000):0000}-{random.Next(1, 13):00}-{random.Next(1, 32):00}{(random.Next(4) == 0 ? ' ' : 'T')}{random.Next(0, 25):00}:{random.Next(0, 61):00}:{random.Next(0, 61):00}")
                + (random.Next(3) == 0 ? "." + new string('7', random.Next(1, 9)) : string.Empty)
                + random.Next(4) switch
                {
                    0 => "Z",
                    1 => string.Empty,
                    2 => string.Create(CultureInfo.InvariantCulture, $"+{random.Next(0, 16):00}:{random.Next(0, 60):00}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"-{random.Next(0, 16):00}:{random.Next(0, 60):00}"),
                };

            AssertAsGeneralParser(text);
        }
    }

    private static void AssertAsGeneralParser(string text)
    {
        var span = text.AsSpan().Trim();
        var expected = DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var general);
        if (!expected && long.TryParse(span, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 32_503_680_000)
        {
            (expected, general) = (true, DateTimeOffset.FromUnixTimeSeconds(seconds));
        }

        var parsed = CsvValues.TryParseTimestamp(text, out var timestamp);

        Assert.True(expected == parsed, $"'{text}': general parser {expected}, ours {parsed}");
        Assert.True(general.UtcTicks == timestamp.UtcTicks && general.Offset == timestamp.Offset, $"'{text}': {general:O} vs {timestamp:O}");
    }
}
