using System.Text.Json;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Tests.Commands;

public sealed class InitCommandTests : IDisposable
{
    private const string Elec2Sample = """
        timestamp,date,day,period,nswprice,nswdemand,vicprice,vicdemand,transfer,class
        1996-05-07T00:00,0,2,0,0.056443,0.439155,0.003467,0.422915,0.414912,UP
        1996-05-07T00:30,0,2,0.021277,0.051699,0.415055,0.003467,0.422915,0.414912,UP
        1996-05-07T01:00,0,2,0.042553,0.051489,0.385004,0.003467,0.422915,0.414912,UP
        1996-05-07T01:30,0,2,0.06383,0.045485,0.314639,0.003467,0.422915,0.414912,DOWN
        1996-05-07T02:00,0.000013,3,0.085106,0.042482,0.251116,0.003467,0.422915,0.414912,DOWN
        """;

    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Init_Elec2LikeCsv_StoresValidBinarySpecWithTimestamp()
    {
        var data = _folder.File("elec.csv");
        await File.WriteAllTextAsync(data, Elec2Sample.Replace("\r\n", "\n", StringComparison.Ordinal));
        var store = _folder.File("store");

        var (exitCode, output, error) = await CommandLineRunner.RunAsync("init", "elec", "--data", data, "--label", "class", "--store", store);

        Assert.True(exitCode == 0, error);
        Assert.Contains("Stored specs/elec.json", output, StringComparison.Ordinal);
        var json = await File.ReadAllBytesAsync(Path.Combine(store, "specs", "elec.json"));
        var spec = ModelSpecStore.Parse(json, "specs/elec.json");
        Assert.Equal((ModelTask.BinaryClassification, "UP", "timestamp"), (spec.Task, spec.Label.PositiveClass, spec.TimestampColumn));
        Assert.Contains(spec.Features, f => f.Name == "nswprice" && f.Type == FeatureType.Numeric);
        Assert.DoesNotContain(spec.Features, f => f.Name == "class" || f.Name == "timestamp");
    }

    [Fact]
    public async Task Init_AnyCsv_WritesTheWeeklyPolicyTheBacktestsSupport()
    {
        var data = _folder.File("elec.csv");
        await File.WriteAllTextAsync(data, Elec2Sample.Replace("\r\n", "\n", StringComparison.Ordinal));
        var store = _folder.File("store");

        var (exitCode, output, error) = await CommandLineRunner.RunAsync("init", "elec", "--data", data, "--label", "class", "--store", store);

        Assert.True(exitCode == 0, error);
        Assert.Contains("Policy: retrain every 7 days", output, StringComparison.Ordinal);
        var spec = ModelSpecStore.Parse(await File.ReadAllBytesAsync(Path.Combine(store, "specs", "elec.json")), "specs/elec.json");
        Assert.Equal(7, spec.Policy!.EveryDays);
        Assert.Equal((null, null, null, null), (spec.Policy.EveryDecisions, spec.Policy.MinNewLabels, spec.Policy.Drift, spec.Policy.Performance));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("Bad_Name")]
    public async Task Init_PathLikeModelName_IsRefusedNamingTheModel(string model)
    {
        var data = _folder.File("elec.csv");
        await File.WriteAllTextAsync(data, Elec2Sample);

        var (exitCode, _, error) = await CommandLineRunner.RunAsync("init", model, "--data", data, "--label", "class", "--store", _folder.File("store"));

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: model:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("store")));
    }

    [Fact]
    public async Task Init_UnknownLabel_IsRefusedNamingTheLabel()
    {
        var data = _folder.File("elec.csv");
        await File.WriteAllTextAsync(data, Elec2Sample);

        var (exitCode, _, error) = await CommandLineRunner.RunAsync("init", "elec", "--data", data, "--label", "klass", "--store", _folder.File("store"));

        Assert.Equal(2, exitCode);
        Assert.Contains("label: column 'klass' is not in the data", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_DryRun_PrintsSpecJsonWithoutStoring()
    {
        var data = _folder.File("elec.csv");
        await File.WriteAllTextAsync(data, Elec2Sample);

        var (exitCode, output, _) = await CommandLineRunner.RunAsync("init", "elec", "--data", data, "--label", "class", "--dry-run", "--store", _folder.File("store"));

        Assert.Equal(0, exitCode);
        var json = output[output.IndexOf('{', StringComparison.Ordinal)..];
        Assert.Equal("elec", JsonSerializer.Deserialize<ModelSpec>(json, RetrainJson.Options)!.Name);
        Assert.False(Directory.Exists(_folder.File("store")));
    }

    public void Dispose() => _folder.Dispose();
}
