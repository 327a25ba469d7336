using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary><c>retrain ingest &lt;model&gt; &lt;file&gt;</c>: drops labeled data into <c>incoming/{model}/</c>.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var model = ModelArgument.Create();
        var file = new Argument<FileInfo>("file") { Description = "A labeled CSV with the spec's columns." };
        var command = new Command("ingest", "Upload a labeled CSV to incoming/{model}/; the next run collects, validates and learns from it.") { model, file };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            var source = parse.GetRequiredValue(file);
            if (!source.Exists)
            {
                await Console.Error.WriteLineAsync($"error: file '{source.FullName}' does not exist.");
                return 2;
            }

            await using var services = store.BuildServices(parse);
            var artifacts = services.GetRequiredService<IArtifactStore>();
            var path = ArtifactPaths.Incoming(name, source.Name);
            await using (var stream = source.OpenRead())
            {
                await artifacts.WriteAsync(path, stream, ArtifactWriteCondition.None, metadata: null, cancellationToken);
            }

            Console.WriteLine($"Uploaded {source.Length:N0} bytes to {path} in {store.Describe(parse)}. Run 'retrain run {name}' to retrain.");
            return 0;
        });
        return command;
    }
}
