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

    [Fact]
    public async Task Init_WeeklyPolicy_ReadmeSaysRunsWithinThePeriodAreSkippedUnlessForce()
    {
        // Arrange
        var data = _folder.File("elec.csv");
        await File.WriteAllTextAsync(data, Elec2Sample.Replace("\r\n", "\n", StringComparison.Ordinal));
        var store = _folder.File("store");
        var readme = Path.Combine(RepositoryRoot(), "README.md");

        // Act
        var (exitCode, _, error) = await CommandLineRunner.RunAsync("init", "elec", "--data", data, "--label", "class", "--store", store);

        // Assert: the README states the period init really writes, and the way past it.
        Assert.True(exitCode == 0, error);
        var days = ModelSpecStore.Parse(await File.ReadAllBytesAsync(Path.Combine(store, "specs", "elec.json")), "specs/elec.json").Policy!.EveryDays;
        var text = string.Join(' ', (await File.ReadAllTextAsync(readme)).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"`init` writes a weekly retraining policy (`policy.everyDays: {days}`): a `run` within {days} days of the last retrain is **Skipped** (\"not yet\") unless you pass `--force`", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_ColumnsThatCannotGeneralise_LeftOutSayingWhyAndIncludeKeepsOne()
    {
        // Arrange: a Bike-sharing-like file: a row counter, a text id, casual + registered = cnt, and a constant column.
        var lines = Enumerable.Range(0, 120).Select(i =>
            FormattableString.Invariant($"{i + 1},{new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i):yyyy-MM-ddTHH:mm},r{i * 7919 % 1000},{i * 13 % 24},{(i * 29 % 100) / 100.0},1,{i * 3 % 40},{i * 11 % 90},{(i * 3 % 40) + (i * 11 % 90)}"));
        var data = _folder.File("bike.csv");
        await File.WriteAllTextAsync(data, "instant,dteday,ride,hr,temp,holiday,casual,registered,cnt\n" + string.Join('\n', lines) + "\n");
        var store = _folder.File("store");

        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("init", "bike", "--data", data, "--label", "cnt", "--task", "Regression", "--include", "instant", "--store", store);

        // Assert
        Assert.True(exitCode == 0, error);
        var spec = ModelSpecStore.Parse(await File.ReadAllBytesAsync(Path.Combine(store, "specs", "bike.json")), "specs/bike.json");
        Assert.Equal(["instant", "hr", "temp", "holiday"], spec.Features.Select(f => f.Name));
        Assert.Contains("'instant': numeric (0.0% missing); kept by --include although moves with time (rank correlation 1.000 with 'dteday')", output, StringComparison.Ordinal);
        Assert.Contains("'ride': left out, its 120 values are all distinct, one per row: looks like an id. Pass --include ride to keep it.", output, StringComparison.Ordinal);
        Assert.Contains("'casual': left out, 'casual' + 'registered' equals the label 'cnt' on 100.0% of rows (label leakage; both are left out).", output, StringComparison.Ordinal);
        Assert.Contains("'registered': left out, 'casual' + 'registered' equals the label 'cnt'", output, StringComparison.Ordinal);
        Assert.Contains("'holiday': numeric (0.0% missing); constant in the sample, kept: it may vary in later data.", output, StringComparison.Ordinal);
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

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RetrainFunctions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("RetrainFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
