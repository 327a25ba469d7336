using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain rollback &lt;model&gt; [--to &lt;version&gt;] --by &lt;name&gt;</c>: points production back at an earlier version,
/// directly on the store, with the same ETag-conditioned flip as a deployment (a racing promotion makes it fail, never
/// interleave). Default target: the version production replaced last.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var model = ModelArgument.Create();
        var to = new Option<string?>("--to") { Description = "The version to restore (default: the one the current production version replaced)." };
        var by = new Option<string>("--by") { Description = "Who rolls back (recorded in the pointer history).", Required = true };
        var command = new Command("rollback", "Point production back at an earlier model version; the change is appended to the production history.") { model, to, by };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            await using var services = store.BuildExistingServices(parse);
            var deployer = services.GetRequiredService<ModelDeployer>();
            var current = await deployer.GetProductionAsync(name, cancellationToken);
            if (current is null)
            {
                await Console.Error.WriteLineAsync($"error: model '{name}' has no production version in {store.Describe(parse)}; nothing to roll back.");
                return 1;
            }

            var target = parse.GetValue(to) ?? current.PreviousVersion;
            if (target is null)
            {
                await Console.Error.WriteLineAsync($"error: production version {current.Version} of '{name}' replaced nothing; name a version with --to.");
                return 1;
            }

            try
            {
                var pointer = await deployer.RollBackAsync(name, target, parse.GetRequiredValue(by), cancellationToken);
                Console.WriteLine($"Production of {name} rolled back from {pointer.PreviousVersion} to {pointer.Version} (history #{pointer.Sequence}).");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
