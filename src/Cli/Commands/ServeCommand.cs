using System.CommandLine;
using RetrainFunctions.Cli.Serving;

namespace RetrainFunctions.Cli.Commands;

/// <summary><c>retrain serve</c>: predictions, the management API and the dashboard from a local ASP.NET Core host.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (Kestrel URLs, ';'-separated).", DefaultValueFactory = _ => ServeHost.DefaultUrls };
        var check = new Option<double?>("--pointer-check-seconds") { Description = "How often, at most, each model's production pointer is re-checked (default 5, or Serving__PointerCheckInterval)." };
        var command = new Command("serve", "Serve predictions of the production models, the management API (/api, OpenAPI at /api/openapi.json) and the dashboard (/dashboard); runs started over HTTP run on the in-process Durable engine.") { urls, check };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(check);
            if (seconds is < 0 or > 3600)
            {
                await Console.Error.WriteLineAsync("error: --pointer-check-seconds: must be from 0 to 3600.");
                return 2;
            }

            store.EnsureNotAFile(parse);
            Console.WriteLine($"Store: {store.Describe(parse)}");
            await using var host = await ServeHost.StartAsync(
                services => store.Configure(services, parse),
                parse.GetValue(urls)!,
                seconds is { } s ? o => o.PointerCheckInterval = TimeSpan.FromSeconds(s) : null,
                cancellationToken: cancellationToken);
            if (host.AccessWarning is { } warning)
            {
                await Console.Error.WriteLineAsync("warning: " + warning);
            }

            Console.WriteLine($"Serving on {host.Address} — dashboard {new Uri(host.Address, "dashboard")}, API {new Uri(host.Address, "api/models")}, OpenAPI {new Uri(host.Address, "api/openapi.json")}. Ctrl+C stops.");
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
