using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Cli;

/// <summary>The store options every command shares: a local folder by default, Azure Blob Storage or Azurite on request.</summary>
internal sealed class StoreSelection
{
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

    /// <summary>Registers the selected store and the Core services.</summary>
    public void Configure(IServiceCollection services, ParseResult parse, LogLevel minimumLevel = LogLevel.Warning)
    {
        var folder = parse.GetValue(Folder)!;
        var connection = parse.GetValue(Connection);
        var accountUrl = parse.GetValue(AccountUrl);
        var container = parse.GetValue(Container)!;
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLevel));
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

    /// <summary>Describes the selected store for people.</summary>
    public string Describe(ParseResult parse) =>
        parse.GetValue(Connection) is { Length: > 0 } ? $"Azure Blob Storage container '{parse.GetValue(Container)}' (connection string)"
        : parse.GetValue(AccountUrl) is { } url ? $"Azure Blob Storage {url} container '{parse.GetValue(Container)}'"
        : $"local folder {Path.GetFullPath(parse.GetValue(Folder)!)}";
}
