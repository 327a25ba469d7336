using System.Text.RegularExpressions;
using RetrainFunctions.Cli.Errors;

namespace RetrainFunctions.Cli.Tests.Errors;

/// <summary>
/// Issue #16, item 5: every bad invocation and every bad input ends with one <c>error:</c> line that says what is wrong,
/// a documented exit code, and no stack trace or .NET type name anywhere in the output.
/// </summary>
public sealed partial class BadInvocationTests(BadInputFiles files) : IClassFixture<BadInputFiles>
{
    private sealed record Case(Func<BadInputFiles, string[]> Arguments, ExitCode ExitCode, params string[] Messages);

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        // init: files that are not a usable CSV
        ["init empty file"] = new(f => Init(f, "empty.csv"), ExitCode.UsageError, "is empty (0 bytes)"),
        ["init one-byte file"] = new(f => Init(f, "one-byte.csv"), ExitCode.UsageError, "label: column 'class' is not in the data"),
        ["init binary file"] = new(f => Init(f, "binary.csv"), ExitCode.UsageError, "Invalid UTF-8 near line 1"),
        ["init UTF-16 file"] = new(f => Init(f, "utf16.csv"), ExitCode.UsageError, "is UTF-16 text; save it as UTF-8"),
        ["init very long line"] = new(f => Init(f, "long-line.csv"), ExitCode.UsageError, "longer than 1,048,576 characters"),
        ["init header only"] = new(f => Init(f, "header-only.csv"), ExitCode.UsageError, "no data rows"),
        ["init semicolon-delimited"] = new(f => Init(f, "semicolon.csv"), ExitCode.UsageError, "looks semicolon-delimited", "save it comma-separated"),
        ["init tab-delimited"] = new(f => Init(f, "tabs.csv"), ExitCode.UsageError, "looks tab-delimited"),
        ["init unterminated quote"] = new(f => Init(f, "unterminated-quote.csv"), ExitCode.UsageError, "quote"),
        ["init one-valued label"] = new(f => Init(f, "one-class.csv"), ExitCode.DataInvalid, "label 'class' has one value ('UP')", "needs at least two"),
        ["init labels differing only in case"] = new(f => Init(f, "case-labels.csv"), ExitCode.DataInvalid, "label 'class' has values that differ only in case ('UP' and 'up')", "refused, not merged"),
        ["init positive class in another case"] = new(f => [.. Init(f, "good.csv"), "--positive-class", "up"], ExitCode.UsageError, "--positive-class: 'up' differs from the label value 'UP' only in case", "Pass --positive-class UP"),
        ["init one label in two cases"] = new(f => Init(f, "one-class-in-two-cases.csv"), ExitCode.DataInvalid, "label 'class' has values that differ only in case ('up' and 'UP')"),
        ["init missing file"] = new(f => Init(f, "nope.csv"), ExitCode.UsageError, "--data: file", "does not exist"),
        ["init folder as data"] = new(f => Init(f, "a-folder.csv"), ExitCode.UsageError, "is a folder; name a CSV file"),
        ["init label not in file"] = new(f => ["init", "elec2", "--data", f.Good, "--label", "klass", "--store", f.File("new-store")], ExitCode.UsageError, "column 'klass' is not in the data"),
        ["init store is a file"] = new(f => ["init", "elec2", "--data", f.Good, "--label", "class", "--store", f.File("a-file")], ExitCode.UsageError, "is a file; a store is a folder"),
        ["init existing model without --force"] = new(f => ["init", "elec", "--data", f.Good, "--label", "class", "--store", f.Store], ExitCode.UsageError, "already has a spec", "Pass --force"),
        ["init bad model name"] = new(f => ["init", "Bad_Name", "--data", f.Good, "--label", "class"], ExitCode.UsageError, "model:"),
        ["init unknown task"] = new(f => ["init", "elec2", "--data", f.Good, "--label", "class", "--task", "Clustering"], ExitCode.UsageError, "'--task'", "Allowed: BinaryClassification, MulticlassClassification, Regression"),
        ["init without --label"] = new(f => ["init", "elec2", "--data", f.Good], ExitCode.UsageError, "Option '--label' is required", "retrain init --help"),
        ["init unknown option"] = new(f => ["init", "elec2", "--data", f.Good, "--label", "class", "--bogus"], ExitCode.UsageError, "'--bogus'"),

        // ingest: checked against the spec before anything is uploaded
        ["ingest empty file"] = new(f => Ingest(f, "empty.csv"), ExitCode.UsageError, "is empty (0 bytes)"),
        ["ingest binary file"] = new(f => Ingest(f, "binary.csv"), ExitCode.UsageError, "Invalid UTF-8"),
        ["ingest UTF-16 file"] = new(f => Ingest(f, "utf16.csv"), ExitCode.UsageError, "is UTF-16 text"),
        ["ingest garbage text"] = new(f => Ingest(f, "garbage.csv"), ExitCode.UsageError, "lacks 5 column(s) the spec of 'elec' needs"),
        ["ingest missing column"] = new(f => Ingest(f, "missing-column.csv"), ExitCode.UsageError, "lacks 1 column(s)", "'nswprice'"),
        ["ingest header only"] = new(f => Ingest(f, "header-only.csv"), ExitCode.UsageError, "has a header but no rows"),
        ["ingest semicolon-delimited"] = new(f => Ingest(f, "semicolon.csv"), ExitCode.UsageError, "looks semicolon-delimited"),
        ["ingest broken Parquet"] = new(f => Ingest(f, "broken.parquet"), ExitCode.UsageError, "is not a readable Parquet file"),
        ["ingest Parquet missing a column"] = new(f => Ingest(f, "missing-column.parquet"), ExitCode.UsageError, "lacks 1 column(s)", "'nswprice'"),
        ["ingest folder"] = new(f => Ingest(f, "a-folder.csv"), ExitCode.UsageError, "is a folder; name a CSV file"),
        ["ingest missing file"] = new(f => Ingest(f, "nope.csv"), ExitCode.UsageError, "does not exist"),
        ["ingest model without spec"] = new(f => ["ingest", "nobody", f.Good, "--store", f.Store], ExitCode.UsageError, "Model 'nobody' has no spec", "retrain init nobody"),
        ["ingest store typo"] = new(f => ["ingest", "elec", f.Good, "--store", f.File("stroe")], ExitCode.UsageError, "there is no store at", "stroe"),
        ["ingest store is a file"] = new(f => ["ingest", "elec", f.Good, "--store", f.File("a-file")], ExitCode.UsageError, "is a file; a store is a folder"),

        // run: nothing starts (and nothing is written) without a store and a valid spec
        ["run store typo"] = new(f => ["run", "elec", "--store", f.File("sotre")], ExitCode.UsageError, "there is no store at", "sotre"),
        ["run store is a file"] = new(f => ["run", "elec", "--store", f.File("a-file")], ExitCode.UsageError, "is a file; a store is a folder"),
        ["run model without spec"] = new(f => ["run", "nobody", "--store", f.Store], ExitCode.UsageError, "Model 'nobody' has no spec"),
        ["bench unknown spec"] = new(_ => ["bench", "--spec", "default"], ExitCode.UsageError, "Argument 'default' not recognized", "Must be one of: 'bench' 'init'"),
        ["worker without a task hub"] = new(f => ["worker", "--store", f.Store], ExitCode.UsageError, "worker: needs --durable-connection"),
        ["worker store typo"] = new(f => ["worker", "--store", f.File("sotre"), "--durable-connection", "UseDevelopmentStorage=true"], ExitCode.UsageError, "there is no store at", "sotre"),
        ["run spec with wrong names"] = new(
            f => ["run", "typos", "--store", f.Store],
            ExitCode.UsageError,
            "task: 'Classification' is not allowed; allowed: BinaryClassification, MulticlassClassification, Regression",
            "trainers[1]: 'XGBoost' is not allowed; allowed: LightGbm, FastTree",
            "window.maxRows: 'lots' is not a whole number",
            "gate.metric: 'Precision' is not allowed; allowed: "),
        ["run spec out of limits"] = new(f => ["run", "limits", "--store", f.Store], ExitCode.UsageError, "validation.maxMissingFraction", "validation.minTrainingRows", "gate.holdoutFraction"),
        ["run spec of another model"] = new(f => ["run", "renamed", "--store", f.Store], ExitCode.UsageError, "does not match the file's model 'renamed'"),
        ["run spec not JSON"] = new(f => ["run", "notjson", "--store", f.Store], ExitCode.UsageError, "Model spec specs/notjson.json is invalid"),
        ["run without model"] = new(_ => ["run"], ExitCode.UsageError, "Required argument missing for command: 'run'"),
        ["run delay not a number"] = new(f => ["run", "elec", "--store", f.Store, "--diagnostic-activity-delay", "soon"], ExitCode.UsageError, "Cannot parse argument 'soon'"),

        // approve, rollback, serve
        ["approve server down"] = new(f => ["approve", "elec", "--candidate", "v1", "--digest", "abc", "--by", "bob", "--url", $"http://127.0.0.1:{f.ClosedPort}"], ExitCode.Failed, "cannot reach", "Is 'retrain serve' running there?"),
        ["approve not a URL"] = new(_ => ["approve", "elec", "--candidate", "v1", "--digest", "abc", "--by", "bob", "--url", "ftp://x"], ExitCode.UsageError, "is not an http(s) URL"),
        ["approve blank approver"] = new(_ => ["approve", "elec", "--candidate", "v1", "--digest", "abc", "--by", " "], ExitCode.UsageError, "--by: name who decides"),
        ["approve nothing waiting"] = new(f => ["approve", "elec", "--candidate", "v1", "--digest", "abc", "--by", "bob", "--store", f.Store], ExitCode.NoApprovalWaiting, "no run of model 'elec' is waiting for approval"),
        ["reject store typo"] = new(f => ["reject", "elec", "--candidate", "v1", "--digest", "abc", "--by", "bob", "--store", f.File("sotre")], ExitCode.UsageError, "there is no store at"),
        ["approve without digest"] = new(_ => ["approve", "elec", "--candidate", "v1", "--by", "bob"], ExitCode.UsageError, "Option '--digest' is required"),
        ["gc negative retention"] = new(f => ["gc", "elec", "--keep-runs", "-1", "--store", f.Store], ExitCode.UsageError, "--keep-runs: -1 is negative"),
        ["gc store typo"] = new(f => ["gc", "elec", "--store", f.File("sorte")], ExitCode.UsageError, "there is no store at"),
        ["gc model without spec"] = new(f => ["gc", "nobody", "--store", f.Store], ExitCode.UsageError, "Model 'nobody' has no spec"),
        ["rollback nothing in production"] = new(f => ["rollback", "elec", "--by", "bob", "--store", f.Store], ExitCode.Failed, "has no production version"),
        ["rollback store typo"] = new(f => ["rollback", "elec", "--by", "bob", "--store", f.File("stor")], ExitCode.UsageError, "there is no store at"),
        ["serve busy port"] = new(f => ["serve", "--urls", $"http://127.0.0.1:{f.BusyPort}", "--store", f.Store], ExitCode.Failed, "address already in use", "--urls"),
        ["serve store is a file"] = new(f => ["serve", "--store", f.File("a-file")], ExitCode.UsageError, "is a file; a store is a folder"),
        ["serve check interval out of range"] = new(_ => ["serve", "--pointer-check-seconds", "-1"], ExitCode.UsageError, "must be from 0 to 3600"),
        ["serve check interval not a number"] = new(_ => ["serve", "--pointer-check-seconds", "often"], ExitCode.UsageError, "Cannot parse argument 'often' for option '--pointer-check-seconds'"),
        // spec
        ["spec validate wrong names"] = new(f => ["spec", "validate", Path.Combine(f.Store, "specs", "typos.json")], ExitCode.UsageError, "task: 'Classification' is not allowed", "trainers[1]: 'XGBoost'"),
        ["spec validate missing file"] = new(f => ["spec", "validate", f.File("nope.json")], ExitCode.UsageError, "does not exist"),
        ["spec show unknown reference"] = new(f => ["spec", "show", "elec", "--at", "v99", "--store", f.Store], ExitCode.UsageError, "'v99' is not a spec of 'elec'"),
        ["spec diff without production"] = new(f => ["spec", "diff", "elec", "--store", f.Store], ExitCode.UsageError, "has no production version yet"),
        ["spec show store typo"] = new(f => ["spec", "show", "elec", "--store", f.File("storr")], ExitCode.UsageError, "there is no store at"),
        ["unknown command"] = new(_ => ["retrian"], ExitCode.UsageError, "Unrecognized command or argument 'retrian'"),
        ["drift-replay missing file"] = new(f => ["drift-replay", "--data", f.File("nope.csv"), "--label", "class"], ExitCode.UsageError, "does not exist"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Fact]
    public void Cases_AtLeastForty() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Invoke_BadInput_OneErrorLineDocumentedExitCodeNoStackTrace(string name)
    {
        // Arrange
        var @case = Cases[name];

        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync(@case.Arguments(files));

        // Assert
        var all = output + error;
        Assert.True((int)@case.ExitCode == exitCode, $"exit {exitCode}, expected {(int)@case.ExitCode} ({@case.ExitCode}):\n{all}");
        var errorLines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errorLines.Count == 1, $"expected one error line:\n{error}");
        foreach (var message in @case.Messages)
        {
            Assert.Contains(message, errorLines[0], StringComparison.Ordinal);
        }

        Assert.False(StackFrame().IsMatch(all), $"a stack frame in the output:\n{all}");
        Assert.False(TypeName().IsMatch(all), $"a .NET type name in the output:\n{all}");
    }

    [Fact]
    public async Task SpecValidate_ValidFile_ExitsZeroNamingTheModel()
    {
        var (exitCode, output, error) = await CommandLineRunner.RunAsync("spec", "validate", Path.Combine(files.Store, "specs", "elec.json"));

        Assert.True(exitCode == 0, error);
        Assert.Contains("a valid spec of 'elec'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoreTypo_CreatesNothing()
    {
        var typo = files.File("no-such-store");

        var (exitCode, _, _) = await CommandLineRunner.RunAsync("run", "elec", "--store", typo);

        Assert.Equal((int)ExitCode.UsageError, exitCode);
        Assert.False(Directory.Exists(typo), "run created a store for a typo");
    }

    [Fact]
    public async Task Ingest_RefusedFile_UploadsNothing()
    {
        var (exitCode, _, _) = await CommandLineRunner.RunAsync("ingest", "elec", files.File("garbage.csv"), "--store", files.Store);

        Assert.Equal((int)ExitCode.UsageError, exitCode);
        Assert.False(Directory.Exists(Path.Combine(files.Store, "incoming", "elec")), "a refused file was uploaded");
    }

    [Fact]
    public async Task Init_ExistingModelWithForce_ReplacesTheSpec()
    {
        var store = files.File($"force-{Guid.NewGuid():N}");
        await CommandLineRunner.RunAsync("init", "elec", "--data", files.Good, "--label", "class", "--store", store);

        var (exitCode, output, error) = await CommandLineRunner.RunAsync("init", "elec", "--data", files.Good, "--label", "class", "--exclude", "day", "--store", store, "--force");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Stored specs/elec.json", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"day\"", await File.ReadAllTextAsync(Path.Combine(store, "specs", "elec.json")), StringComparison.Ordinal);
    }

    private static string[] Init(BadInputFiles f, string file) => ["init", "elec2", "--data", f.File(file), "--label", "class", "--store", f.File("new-store")];

    private static string[] Ingest(BadInputFiles f, string file) => ["ingest", "elec", f.File(file), "--store", f.Store];

    [GeneratedRegex(@"^\s+at \S+", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\b(RetrainFunctions|System|Microsoft)\.[A-Z]\w*\.\w+|\w+Exception\b")]
    private static partial Regex TypeName();
}
