using System.Globalization;
using System.Text.RegularExpressions;

namespace RetrainFunctions.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Demo_ShortStream_DeploysRejectsQuarantinesAndComparesWithFrozenModel()
    {
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("demo", "--weeks", "8", "--rows", "300", "--store", _folder.File("demo"));

        Assert.True(exitCode == 0, error);
        Assert.True(Regex.IsMatch(output, @"week  0/8: Deployed"), output);
        Assert.True(Regex.IsMatch(output, @"week  5/8: Rejected\(DataInvalid\)"), output);
        // Under the default gate a retrain that is not clearly worse on rows production never saw is deployed; it is
        // judged on the newest half (gate.comparisonUnseenShare 0.5) of week 1's 300 rows, which neither model saw.
        Assert.True(Regex.IsMatch(output, @"week  1/8: Deployed .*non-inferiority: challenger .* on 150 comparison rows"), output);
        Assert.Contains("new + duplicate", output, StringComparison.Ordinal);
        var summary = Regex.Match(output, @"(\d+) deployment\(s\), (\d+) rejection\(s\)");
        Assert.True(summary.Success, output);
        Assert.True(int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) >= 1);
        Assert.True(int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture) >= 1); // week 5, quarantined
        Assert.Contains("Prequential comparison", output, StringComparison.Ordinal);
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(_folder.File("demo"), "quarantine", "credit-default")), f => f.EndsWith(".report.json", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
