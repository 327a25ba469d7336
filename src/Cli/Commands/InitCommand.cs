using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Cli.Commands;

/// <summary><c>retrain init &lt;model&gt; --data file.csv --label column</c>: infers, validates and stores a model spec.</summary>
internal static class InitCommand
{
    /// <summary>How many distinct label values <c>init</c> reads to look for spellings that differ only in case (validation refuses a label with 1,000).</summary>
    private const int MaxLabelValuesChecked = 1000;

    public static Command Create()
    {
        var model = ModelArgument.Create();
        var data = new Option<FileInfo>("--data") { Description = "A labeled CSV (header row, comma-separated) to infer the spec from.", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the spec without storing it." };
        var force = new Option<bool>("--force") { Description = "Replace the spec of a model that already has one (the versions already trained keep the spec they were trained with)." };

        var command = new Command("init", "Infer a model spec from a labeled CSV, validate it and store it as specs/{model}.json.")
        {
            model, data, dryRun, force,
        };
        var specArguments = SpecInferenceArguments.AddTo(command);
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            var file = InputFile.RequireNonEmpty(parse.GetRequiredValue(data), "--data");
            InputFile.RequireCommaSeparated(file, "--data");
            store.EnsureNotAFile(parse);

            var options = specArguments.ToOptions(parse, name);
            RequireOneSpellingPerClass(file, options.Label, options.PositiveClass);
            SpecInference inference;
            await using (var stream = file.OpenRead())
            {
                inference = ModelSpecInferrer.Infer(stream, options);
            }

            if (inference.Spec.Task != ModelTask.Regression && InputFile.DistinctValues(file, inference.Spec.Label.Column, 2) is { Count: < 2 } labels)
            {
                throw new CommandLineException(
                    $"label '{inference.Spec.Label.Column}' has {(labels.Count == 0 ? "no values" : $"one value ('{labels.First()}')")} in '{file.Name}'; a classifier needs at least two. Use a file with both outcomes, or --task Regression for a numeric label.",
                    ExitCode.DataInvalid);
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
            var specs = services.GetRequiredService<ModelSpecStore>();
            if (!parse.GetValue(force) && await services.GetRequiredService<IArtifactStore>().ExistsAsync(ModelArtifacts.For(name).Specs.Document, cancellationToken))
            {
                throw new CommandLineException($"model '{name}' already has a spec ({ModelArtifacts.For(name).Specs.Document} in {store.Describe(parse)}); nothing was changed. Pass --force to replace it, or --dry-run to only print the new one.");
            }

            if (parse.GetValue(force) && await services.GetRequiredService<IArtifactStore>().ExistsAsync(ModelArtifacts.For(name).Specs.Document, cancellationToken))
            {
                await PrintReplacementAsync(specs, name, inference.Spec, cancellationToken);
            }

            var path = await specs.SaveAsync(inference.Spec, cancellationToken);
            Console.WriteLine($"Stored {path} in {store.Describe(parse)}.");
            return 0;
        });
        return command;
    }

    /// <summary>Prints which fields of <paramref name="name"/>'s stored spec the replacement changes (none listed when the stored one cannot be read).</summary>
    private static async Task PrintReplacementAsync(ModelSpecStore specs, string name, ModelSpec replacement, CancellationToken cancellationToken)
    {
        IReadOnlyList<SpecDifference> differences;
        try
        {
            differences = SpecDiff.Compare((await specs.LoadAsync(name, cancellationToken)).Spec, replacement);
        }
        catch (ModelSpecException)
        {
            differences = [];
        }

        Console.WriteLine($"Replacing the spec of {name} ({differences.Count} field(s) change; versions already trained keep theirs):");
        foreach (var difference in differences)
        {
            Console.WriteLine($"  {difference}");
        }
    }

    /// <summary>
    /// Refuses a label whose values differ only in case ('UP' and 'up'), as validation refuses such batches: a person
    /// says which spelling is meant; classes are never merged. Numbers are left alone (1e5 and 1E5 are one value).
    /// </summary>
    private static void RequireOneSpellingPerClass(FileInfo file, string labelColumn, string? positiveClass)
    {
        var values = InputFile.DistinctValues(file, labelColumn, MaxLabelValuesChecked).Where(v => !CsvValues.TryParseNumber(v, out _)).ToList();
        if (values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } spellings)
        {
            throw new CommandLineException(
                $"label '{labelColumn}' has values that differ only in case ({string.Join(" and ", spellings.Select(v => $"'{v}'"))}) in '{file.Name}'; they are refused, not merged. Use one spelling per class in the file.",
                ExitCode.DataInvalid);
        }

        if (positiveClass?.Trim() is { } positive && !values.Contains(positive, StringComparer.Ordinal)
            && values.FirstOrDefault(v => string.Equals(v, positive, StringComparison.OrdinalIgnoreCase)) is { } spelled)
        {
            throw new CommandLineException($"--positive-class: '{positive}' differs from the label value '{spelled}' only in case; label values are matched exactly. Pass --positive-class {spelled}.");
        }
    }
}
