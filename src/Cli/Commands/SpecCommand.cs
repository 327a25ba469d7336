using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain spec validate &lt;file&gt;</c>, <c>retrain spec show &lt;model&gt; [--at REF]</c> and
/// <c>retrain spec diff &lt;model&gt; [--from REF] [--to REF]</c>: check a spec without running anything, and read and
/// compare the specs a model has had. REF is <c>current</c> (specs/{model}.json), <c>production</c> (the spec the
/// production version was trained under), a version id, or the SHA-256 of a spec document.
/// </summary>
internal static class SpecCommand
{
    private const string ReferenceHelp = "current, production, a version id, or the SHA-256 of a spec document";

    public static Command Create()
    {
        var command = new Command("spec", "Validate a spec file, show the spec of a model or a version, and diff two specs.");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Diff());
        return command;
    }

    private static Command Validate()
    {
        var file = new Argument<FileInfo>("file") { Description = "A spec document (JSON), e.g. an edited copy of specs/{model}.json." };
        var command = new Command("validate", "Check a spec document and list every problem, with the allowed values; nothing is stored or run.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetRequiredValue(file);
            if (Directory.Exists(source.FullName) || !source.Exists)
            {
                throw new CommandLineException($"file '{source.FullName}' does not exist or is a folder.");
            }

            var spec = ModelSpecStore.Parse(await File.ReadAllBytesAsync(source.FullName, cancellationToken), source.Name);
            Console.WriteLine($"{source.Name}: a valid spec of '{spec.Name}' ({spec.Task}, {spec.Features.Count} features, label '{spec.Label.Column}').");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var model = ModelArgument.Create();
        var at = new Option<string>("--at") { Description = $"Which spec: {ReferenceHelp}.", DefaultValueFactory = _ => "current" };
        var command = new Command("show", "Print a spec (current, production's, a version's or a stored revision) and the revisions the model has had.") { model, at };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            await using var services = store.BuildExistingServices(parse);
            var (spec, label) = await ResolveAsync(services, name, parse.GetRequiredValue(at), cancellationToken);
            Console.WriteLine($"# {label}");
            Console.WriteLine(JsonSerializer.Serialize(spec, RetrainJson.Options));
            var revisions = await services.GetRequiredService<ModelSpecStore>().ListRevisionsAsync(name, cancellationToken);
            Console.WriteLine($"# {revisions.Count} stored revision(s), oldest first:");
            foreach (var revision in revisions)
            {
                Console.WriteLine($"#   {revision.StoredAt:yyyy-MM-dd HH:mm:ss}Z  {revision.Digest}");
            }

            return 0;
        });
        return command;
    }

    private static Command Diff()
    {
        var model = ModelArgument.Create();
        var from = new Option<string>("--from") { Description = $"The older spec: {ReferenceHelp}.", DefaultValueFactory = _ => "production" };
        var to = new Option<string>("--to") { Description = $"The newer spec: {ReferenceHelp}.", DefaultValueFactory = _ => "current" };
        var command = new Command("diff", "Show field by field how two specs of a model differ (default: the production version's spec against the current one).") { model, from, to };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            await using var services = store.BuildExistingServices(parse);
            var (before, beforeLabel) = await ResolveAsync(services, name, parse.GetRequiredValue(from), cancellationToken);
            var (after, afterLabel) = await ResolveAsync(services, name, parse.GetRequiredValue(to), cancellationToken);
            var differences = SpecDiff.Compare(before, after);
            Console.WriteLine($"--- {beforeLabel}");
            Console.WriteLine($"+++ {afterLabel}");
            foreach (var difference in differences)
            {
                Console.WriteLine(difference);
            }

            Console.WriteLine(differences.Count == 0 ? "No differences." : $"{differences.Count} field(s) differ.");
            return 0;
        });
        return command;
    }

    /// <summary>The spec a reference names, and a label saying which it is.</summary>
    internal static async Task<(ModelSpec Spec, string Label)> ResolveAsync(IServiceProvider services, string model, string reference, CancellationToken cancellationToken)
    {
        var specs = services.GetRequiredService<ModelSpecStore>();
        var store = services.GetRequiredService<IArtifactStore>();
        if (string.Equals(reference, "current", StringComparison.OrdinalIgnoreCase))
        {
            var (spec, digest) = await specs.LoadAsync(model, cancellationToken);
            return (spec, $"current spec ({ModelArtifacts.For(model).Specs.Document}, SHA-256 {digest[..12]})");
        }

        var version = reference;
        if (string.Equals(reference, "production", StringComparison.OrdinalIgnoreCase))
        {
            version = (await services.GetRequiredService<ModelDeployer>().GetProductionAsync(model, cancellationToken))?.Version
                ?? throw new CommandLineException($"model '{model}' has no production version yet; name a version or a spec digest.");
        }

        if (reference.Length == 64 && reference.All(char.IsAsciiHexDigit))
        {
            return await specs.TryLoadRevisionAsync(model, reference.ToLowerInvariant(), cancellationToken) is { } revision
                ? (revision, $"spec revision {reference[..12]}")
                : throw new CommandLineException($"model '{model}' has no stored spec with SHA-256 {reference}; 'retrain spec show {model}' lists them.");
        }

        if (!IsId(version) || await store.TryReadJsonWithETagAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(version).Manifest, cancellationToken) is not { } manifest)
        {
            throw new CommandLineException($"'{reference}' is not a spec of '{model}': use {ReferenceHelp}.");
        }

        return (await specs.LoadForVersionAsync(manifest.Value, cancellationToken), $"spec of version {version}{(version == reference ? string.Empty : " (production)")}");
    }

    private static bool IsId(string id) => id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !id.Contains("..", StringComparison.Ordinal);
}
