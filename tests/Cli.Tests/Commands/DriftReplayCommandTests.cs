using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RetrainFunctions.Cli.Tests.Commands;

public sealed class DriftReplayCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task DriftReplay_AbruptChange_FlagsTheBatchWithTheChangeAndNotTheOnesBefore()
    {
        // 20 batches of 100 rows; from row 1,550 'b' jumps by five standard deviations.
        var random = new Random(3);
        var csv = new StringBuilder("a,b,c,label\n");
        for (var i = 0; i < 2_000; i++)
        {
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            csv.Append(CultureInfo.InvariantCulture, $"{Normal():0.###},{Normal() + (i >= 1_550 ? 5 : 0):0.###},{(random.NextDouble() < 0.5 ? "x" : "y")},{(random.NextDouble() < 0.4 ? "yes" : "no")}\n");
        }

        await File.WriteAllTextAsync(_folder.File("stream.csv"), csv.ToString());

        var (exitCode, output, error) = await CommandLineRunner.RunAsync("drift-replay", "--data", _folder.File("stream.csv"), "--label", "label", "--batch-rows", "100", "--reference", "previous");

        Assert.True(exitCode == 0, error);
        Assert.Matches(new Regex(@"^\s+15\s+1500-1599\s+ok\s+0\.33\s+\S+\s+b \(", RegexOptions.Multiline), output);
        Assert.Contains("19 batches compared; dataset drift alarms: 0;", output, StringComparison.Ordinal);
        Assert.Contains("Batches with each feature drifted: b 2", output, StringComparison.Ordinal); // batches 15 and 16
    }

    [Fact]
    public async Task DriftReplay_MissingFile_ExitCode2()
    {
        var (exitCode, _, error) = await CommandLineRunner.RunAsync("drift-replay", "--data", _folder.File("nope.csv"), "--label", "label");

        Assert.Equal(2, exitCode);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
