using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Cli.Logging;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Cli;

/// <summary>The store options every command shares: a local folder by default, Azure Blob Storage or Azurite on request.</summary>
internal sealed class StoreSelection
{
    private static readonly Lazy<IConfiguration> LoggingConfiguration = new(() => new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("Logging"));

    private StoreSelection(Option<string> folder, Option<string?> connection, Option<Uri?> accountUrl, Option<string> container)
    {
        Folder = folder;
        Connection = connection;
        AccountUrl = accountUrl;
        Container = container;
    }

    public Option<string> Folder { get; }

    public Option<string?> Connection { get; }

    public Option<Uri?> AccountUrl { get; }

    public Option<string> Container { get; }

    /// <summary>Gets the Durable task hub connection option, once <see cref="WithEngineOptions"/> added it.</summary>
    public Option<string?>? DurableConnection { get; private set; }

    /// <summary>Gets the task hub name option, once <see cref="WithEngineOptions"/> added it.</summary>
    public Option<string?>? TaskHub { get; private set; }

    /// <summary>Gets the diagnostics delay option (seconds), once <see cref="WithEngineOptions"/> added it.</summary>
    public Option<double?>? DiagnosticActivityDelay { get; private set; }

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static StoreSelection AddTo(Command command, string defaultFolder = ".retrain")
    {
        var selection = new StoreSelection(
            new Option<string>("--store") { Description = "Local folder of the artifact store (the default store).", DefaultValueFactory = _ => defaultFolder },
            new Option<string?>("--connection") { Description = "Azure Storage connection string instead of a local folder (Azurite: UseDevelopmentStorage=true)." },
            new Option<Uri?>("--account-url") { Description = "Blob service URL instead of a local folder, authenticated with DefaultAzureCredential (managed identity, Azure CLI login...)." },
            new Option<string>("--container") { Description = "Blob container for --connection / --account-url.", DefaultValueFactory = _ => "retrain" });
        command.Options.Add(selection.Folder);
        command.Options.Add(selection.Connection);
        command.Options.Add(selection.AccountUrl);
        command.Options.Add(selection.Container);
        return selection;
    }

    /// <summary>
    /// Adds the engine options of the commands that run the pipeline: <c>--durable-connection</c>, <c>--task-hub</c>
    /// and <c>--diagnostic-activity-delay</c>; the environment (<see cref="EngineSettings"/>) supplies what is not given.
    /// </summary>
    public StoreSelection WithEngineOptions(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        DurableConnection = new Option<string?>("--durable-connection")
        {
            Description = "Azure Storage connection string of a Durable task hub (Azurite or an account): runs survive a kill and resume on the next start. Default: Engine__DurableConnection, else in memory.",
        };
        TaskHub = new Option<string?>("--task-hub") { Description = "Durable task hub name for --durable-connection (3-45 letters and digits). Default: Engine__TaskHub, else 'retrain'." };
        DiagnosticActivityDelay = new Option<double?>("--diagnostic-activity-delay")
        {
            Description = "Diagnostics for fault drills: seconds each activity pauses before and after its work, so a kill can hit any stage. Never in production.",
        };
        command.Options.Add(DurableConnection);
        command.Options.Add(TaskHub);
        command.Options.Add(DiagnosticActivityDelay);
        return this;
    }

    /// <summary>The engine settings: the command's options over the environment's.</summary>
    public EngineSettings Engine(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var settings = EngineSettings.FromEnvironment();
        if (DurableConnection is not null && parse.GetValue(DurableConnection) is { Length: > 0 } connection)
        {
            settings.DurableConnection = connection;
        }

        if (TaskHub is not null && parse.GetValue(TaskHub) is { Length: > 0 } hub)
        {
            settings.TaskHub = hub;
        }

        if (DiagnosticActivityDelay is not null && parse.GetValue(DiagnosticActivityDelay) is { } seconds)
        {
            settings.DiagnosticActivityDelay = TimeSpan.FromSeconds(seconds);
        }

        return settings;
    }

    /// <summary>Registers the selected store and the Core services.</summary>
    public void Configure(IServiceCollection services, ParseResult parse, LogLevel minimumLevel = LogLevel.Warning)
    {
        var folder = parse.GetValue(Folder)!;
        var connection = parse.GetValue(Connection);
        var accountUrl = parse.GetValue(AccountUrl);
        var container = parse.GetValue(Container)!;
        // Levels per category may come from the environment too, as in any .NET host (Logging__LogLevel__<category>=Information).
        services.AddLogging(b => b.AddOneLineConsole().SetMinimumLevel(minimumLevel).AddConfiguration(LoggingConfiguration.Value));
        services.AddRetrainCore();

        // The engine runs as many candidates at once as there are cores: one thread each keeps them from starving
        // each other (OpenMP threads spin while they wait; see docs/performance.md).
        services.Configure<TrainingOptions>(o => o.NumberOfThreads ??= 1);
        services.AddArtifactStore(o =>
        {
            o.LocalRoot = Path.GetFullPath(folder);
            o.ConnectionString = connection;
            o.AccountUrl = accountUrl;
            o.ContainerName = container;
        });
    }

    /// <summary>Builds a service provider with the selected store.</summary>
    public ServiceProvider BuildServices(ParseResult parse)
    {
        var services = new ServiceCollection();

        // Settings such as Training__NumberOfThreads may also come from the environment, as in the Functions app.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        Configure(services, parse);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Gets whether the selected store is a local folder (neither <c>--connection</c> nor <c>--account-url</c>).</summary>
    public bool IsLocal(ParseResult parse) => string.IsNullOrEmpty(parse.GetValue(Connection)) && parse.GetValue(AccountUrl) is null;

    /// <summary>Throws a usage error when <c>--store</c> names a file: a store is a folder.</summary>
    public void EnsureNotAFile(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var folder = Path.GetFullPath(parse.GetValue(Folder)!);
        if (IsLocal(parse) && File.Exists(folder))
        {
            throw new CommandLineException($"--store: '{folder}' is a file; a store is a folder (created by 'retrain init').");
        }
    }

    /// <summary>
    /// Throws a usage error unless the local store exists: commands that read or run never create a store, so a typo
    /// in <c>--store</c> is reported instead of starting an empty one.
    /// </summary>
    public void EnsureExists(ParseResult parse)
    {
        EnsureNotAFile(parse);
        var folder = Path.GetFullPath(parse.GetValue(Folder)!);
        if (IsLocal(parse) && !Directory.Exists(folder))
        {
            throw new CommandLineException($"--store: there is no store at '{folder}' (no such folder). Check --store, or create one with 'retrain init <model> --data <file.csv> --label <column>'.");
        }
    }

    /// <summary>Builds a service provider over a store that must exist already (<see cref="EnsureExists"/>).</summary>
    public ServiceProvider BuildExistingServices(ParseResult parse)
    {
        EnsureExists(parse);
        return BuildServices(parse);
    }

    /// <summary>Loads the spec of <paramref name="model"/>; a missing or invalid spec is a usage error naming the store.</summary>
    public async Task<(ModelSpec Spec, string Digest)> LoadSpecAsync(IServiceProvider services, ParseResult parse, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            return await services.GetRequiredService<ModelSpecStore>().LoadAsync(model, cancellationToken);
        }
        catch (ModelSpecException ex)
        {
            throw new CommandLineException($"{ErrorReport.OneLine(ex.Message)} (store: {Describe(parse)})", ExitCode.UsageError, ex);
        }
    }

    /// <summary>
    /// The options that select this store again in another command, for commands printed to be copied (a connection
    /// string is not repeated: it may hold a key).
    /// </summary>
    public string CommandArguments(ParseResult parse) =>
        parse.GetValue(Connection) is { Length: > 0 } ? $"--connection \"$CONNECTION\" --container {ShellWord(parse.GetValue(Container)!)}"
        : parse.GetValue(AccountUrl) is { } url ? $"--account-url {ShellWord(url.ToString())} --container {ShellWord(parse.GetValue(Container)!)}"
        : $"--store {ShellWord(Path.GetFullPath(parse.GetValue(Folder)!))}";

    /// <summary>Describes the selected store for people.</summary>
    public string Describe(ParseResult parse) =>
        parse.GetValue(Connection) is { Length: > 0 } ? $"Azure Blob Storage container '{parse.GetValue(Container)}' (connection string)"
        : parse.GetValue(AccountUrl) is { } url ? $"Azure Blob Storage {url} container '{parse.GetValue(Container)}'"
        : $"local folder {Path.GetFullPath(parse.GetValue(Folder)!)}";

    private static string ShellWord(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '=' or '+' or ',' or '@')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
