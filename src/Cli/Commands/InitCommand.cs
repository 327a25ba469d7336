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
        var label = new Option<string>("--label") { Description = "The label column.", Required = true };
        var positive = new Option<string?>("--positive-class") { Description = "For binary labels: the value that counts as positive (inferred from names like 1/true/yes/up)." };
        var task = new Option<ModelTask?>("--task") { Description = "BinaryClassification, MulticlassClassification or Regression (inferred from the label)." };
        var timestamp = new Option<string?>("--timestamp") { Description = "The column that orders rows in time (inferred when a column holds timestamps)." };
        var exclude = new Option<string[]>("--exclude") { Description = "Columns to leave out (ids, columns only known after the outcome).", AllowMultipleArgumentsPerToken = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the spec without storing it." };

        var command = new Command("init", "Infer a model spec from a labeled CSV, validate it and store it as specs/{model}.json.")
        {
            model, data, label, positive, task, timestamp, exclude, dryRun,
        };
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
                inference = ModelSpecInferrer.Infer(stream, new SpecInferenceOptions
                {
                    Model = name,
                    Label = parse.GetRequiredValue(label),
                    PositiveClass = parse.GetValue(positive),
                    Task = parse.GetValue(task),
                    TimestampColumn = parse.GetValue(timestamp),
                    Exclude = parse.GetValue(exclude) ?? [],
                });
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
