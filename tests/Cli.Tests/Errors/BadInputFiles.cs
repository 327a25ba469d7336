using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace RetrainFunctions.Cli.Tests.Errors;

/// <summary>
/// The files and stores the bad-invocation table points at, made once: broken CSVs of every kind, a store with a good
/// spec (<c>elec</c>) and broken specs, a file where a store should be, a folder where a file should be.
/// </summary>
public sealed class BadInputFiles : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly TcpListener _busy = new(IPAddress.Loopback, 0);

    public BadInputFiles()
    {
        Good = File("good.csv");
        System.IO.File.WriteAllText(Good, GoodCsv(60));
        System.IO.File.WriteAllBytes(File("empty.csv"), []);
        System.IO.File.WriteAllBytes(File("binary.csv"), [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919 + 13) % 251))]);
        System.IO.File.WriteAllBytes(File("utf16.csv"), Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(GoodCsv(10))).ToArray());
        System.IO.File.WriteAllText(File("long-line.csv"), "a,b,class\n" + new string('1', 1_100_000) + ",2,UP\n");
        System.IO.File.WriteAllText(File("header-only.csv"), "day,period,nswprice,nswdemand,class\n");
        System.IO.File.WriteAllText(File("semicolon.csv"), GoodCsv(20).Replace(',', ';'));
        System.IO.File.WriteAllText(File("tabs.csv"), GoodCsv(20).Replace(',', '\t'));
        System.IO.File.WriteAllText(File("garbage.csv"), "Lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n");
        System.IO.File.WriteAllText(File("missing-column.csv"), GoodCsv(20).Replace("nswprice", "price", StringComparison.Ordinal));
        System.IO.File.WriteAllText(File("unterminated-quote.csv"), "day,period,nswprice,nswdemand,class\n1,0.5,\"0.2,0.3,UP\n");
        System.IO.File.WriteAllText(File("one-byte.csv"), "x");
        System.IO.File.WriteAllText(File("one-class.csv"), GoodCsv(60).Replace(",DOWN\n", ",UP\n", StringComparison.Ordinal));
        System.IO.File.WriteAllText(File("case-labels.csv"), string.Join('\n', GoodCsv(60).Split('\n').Select((l, i) => i % 4 == 1 && l.EndsWith(",UP", StringComparison.Ordinal) ? l[..^2] + "up" : l)));
        System.IO.File.WriteAllText(File("one-class-in-two-cases.csv"), GoodCsv(60).Replace(",DOWN\n", ",up\n", StringComparison.Ordinal));
        System.IO.File.WriteAllText(File("a-file"), "not a store");
        System.IO.File.WriteAllBytes(File("broken.parquet"), [.. "PAR1"u8, .. Encoding.UTF8.GetBytes(GoodCsv(10))]);
        using (var parquet = System.IO.File.Create(File("missing-column.parquet")))
        {
            Parquet.Serialization.ParquetSerializer.SerializeAsync(
                Enumerable.Range(0, 10).Select(i => new { day = i % 7, period = i / 10.0, nswdemand = 0.4, @class = i % 2 == 0 ? "UP" : "DOWN" }), parquet).GetAwaiter().GetResult();
        }

        Directory.CreateDirectory(File("a-folder.csv"));

        _busy.Start();
        BusyPort = ((IPEndPoint)_busy.LocalEndpoint).Port;
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        ClosedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        Store = File("store");
        var init = CommandLineRunner.RunAsync("init", "elec", "--data", Good, "--label", "class", "--store", Store).GetAwaiter().GetResult();
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"init failed: {init.Error}");
        }

        var spec = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(Store, "specs", "elec.json")))!;
        WriteSpec("typos", spec, s =>
        {
            s["task"] = "Classification";
            s["trainers"] = new JsonArray("FastTree", "XGBoost");
            s["window"] = new JsonObject { ["maxRows"] = "lots" };
            s["gate"] = new JsonObject { ["metric"] = "Precision" };
        });
        WriteSpec("limits", spec, s =>
        {
            s["validation"] = new JsonObject { ["maxMissingFraction"] = 2.5, ["minTrainingRows"] = -1 };
            s["gate"] = new JsonObject { ["holdoutFraction"] = 1.5 };
        });
        WriteSpec("renamed", spec, s => s["name"] = "other");
        System.IO.File.WriteAllText(Path.Combine(Store, "specs", "notjson.json"), "{ this is not json");
    }

    public string Good { get; }

    /// <summary>Gets a loopback port something listens on for the fixture's lifetime.</summary>
    public int BusyPort { get; }

    /// <summary>Gets a loopback port nothing listens on.</summary>
    public int ClosedPort { get; }

    public string Store { get; }

    public string File(string name) => _folder.File(name);

    public void Dispose()
    {
        _busy.Stop();
        _busy.Dispose();
        _folder.Dispose();
    }

    private static string GoodCsv(int rows)
    {
        var text = new StringBuilder("day,period,nswprice,nswdemand,class\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(i % 7) + 1},{i % 48 / 48.0:0.000},{(i * 37 % 100) / 1000.0:0.000},{(i * 53 % 100) / 100.0:0.00},{(i % 3 == 0 ? "DOWN" : "UP")}\n");
        }

        return text.ToString();
    }

    private void WriteSpec(string name, JsonNode template, Action<JsonObject> change)
    {
        var spec = template.DeepClone().AsObject();
        spec["name"] = name;
        change(spec);
        System.IO.File.WriteAllText(Path.Combine(Store, "specs", $"{name}.json"), spec.ToJsonString());
    }
}
