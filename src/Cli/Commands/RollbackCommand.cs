using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain rollback &lt;model&gt; [--to &lt;version&gt;] --by &lt;name&gt;</c>: points production back at an earlier version,
/// directly on the store, with the same ETag-conditioned flip as a deployment (a racing promotion makes it fail, never
/// interleave). Default target: the version production replaced last. The work is <see cref="RollbackService"/>'s, as for the API.
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
            var result = await services.GetRequiredService<RollbackService>().RollBackAsync(name, parse.GetValue(to), parse.GetRequiredValue(by), cancellationToken);
            if (!result.RolledBack)
            {
                var hint = result.Status == RollbackStatus.NoTarget ? $" (store {store.Describe(parse)}; name a version with --to)" : string.Empty;
                await Console.Error.WriteLineAsync($"error: {result.Message}{hint}");
                return 1;
            }

            Console.WriteLine(result.Message);
            return 0;
        });
        return command;
    }
}
