using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary><c>retrain init &lt;model&gt; --data file.csv --label column</c>: infers, validates and stores a model spec.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var model = ModelArgument.Create();
        var data = new Option<FileInfo>("--data") { Description = "A labeled CSV (header row, comma-separated) to infer the spec from.", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the spec without storing it." };

        var command = new Command("init", "Infer a model spec from a labeled CSV, validate it and store it as specs/{model}.json.")
        {
            model, data, dryRun,
        };
        var specArguments = SpecInferenceArguments.AddTo(command);
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            var file = parse.GetRequiredValue(data);
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"error: --data: file '{file.FullName}' does not exist.");
                return 2;
            }

            SpecInference inference;
            try
            {
                await using var stream = file.OpenRead();
                inference = ModelSpecInferrer.Infer(stream, specArguments.ToOptions(parse, name));
            }
            catch (ModelSpecException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }

            foreach (var note in inference.Notes)
            {
                Console.WriteLine($"  {note}");
            }

            Console.WriteLine(JsonSerializer.Serialize(inference.Spec, RetrainJson.Options));
            if (parse.GetValue(dryRun))
            {
                return 0;
            }

            await using var services = store.BuildServices(parse);
            var path = await services.GetRequiredService<ModelSpecStore>().SaveAsync(inference.Spec, cancellationToken);
            Console.WriteLine($"Stored {path} in {store.Describe(parse)}.");
            return 0;
        });
        return command;
    }
}
