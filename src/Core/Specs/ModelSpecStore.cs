using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Reads and writes validated model specs at <c>specs/{model}.json</c>; a spec's trainers must be in the host's
/// <see cref="TrainerRegistry"/> (the built-in one when constructed without).
/// </summary>
public sealed class ModelSpecStore(IArtifactStore store, TrainerRegistry trainers)
{
    /// <summary>Initializes a new instance of the <see cref="ModelSpecStore"/> class that accepts the built-in trainers.</summary>
    public ModelSpecStore(IArtifactStore store)
        : this(store, TrainerRegistry.BuiltIn)
    {
    }

    /// <summary>Parses and validates a spec document against the built-in trainers; throws <see cref="ModelSpecException"/> naming the problem.</summary>
    public static ModelSpec Parse(ReadOnlySpan<byte> json, string source) => Parse(json, source, TrainerRegistry.BuiltIn);

    /// <summary>Parses and validates a spec document against <paramref name="trainers"/>; throws <see cref="ModelSpecException"/> naming the problem.</summary>
    public static ModelSpec Parse(ReadOnlySpan<byte> json, string source, TrainerRegistry trainers)
    {
        ModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ModelSpec>(json, RetrainJson.Options);
        }
        catch (JsonException ex)
        {
            throw Invalid(json, source, trainers, ex);
        }

        if (spec is null)
        {
            throw new ModelSpecException($"Model spec {source} is empty (JSON null).") { Problems = ["the document is null"] };
        }

        return ModelSpecValidator.EnsureValid(spec, source, trainers);
    }

    /// <summary>Loads and validates the spec of <paramref name="model"/>; throws <see cref="ModelSpecException"/> when missing or invalid.</summary>
    /// <returns>The spec and the SHA-256 of its document.</returns>
    public async Task<(ModelSpec Spec, string Digest)> LoadAsync(string model, CancellationToken cancellationToken = default)
    {
        var path = ModelArtifacts.For(model).Specs.Document;
        byte[] bytes;
        try
        {
            await using var stream = await store.OpenReadAsync(path, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new ModelSpecException($"Model '{model}' has no spec at {path}. Create one with 'retrain init {model} --data <file.csv> --label <column>'.", ex);
        }

        var spec = Parse(bytes, path, trainers);
        if (!string.Equals(spec.Name, model, StringComparison.Ordinal))
        {
            throw new ModelSpecException($"Model spec {path} is invalid: name: '{spec.Name}' does not match the file's model '{model}'.");
        }

        // Every document a run may train under is kept by its digest (a hand edit too), so a version can always be
        // served, probed and compared with the spec it was trained under.
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await ArchiveAsync(model, digest, bytes, cancellationToken);
        return (spec, digest);
    }

    /// <summary>
    /// The spec <paramref name="version"/> was trained under: its own copy (<see cref="VersionFolder.Spec"/>), else
    /// the history entry of its digest, else — for versions written before specs were kept — the current spec.
    /// </summary>
    public async Task<ModelSpec> LoadForVersionAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var path in new[] { ModelArtifacts.For(version.Model).Versions.Version(version.Version).Spec, HistoryPath(version) })
        {
            if (path is not null && await store.TryReadBytesAsync(path, cancellationToken) is { } bytes)
            {
                return Parse(bytes, path, trainers);
            }
        }

        return (await LoadAsync(version.Model, cancellationToken)).Spec;
    }

    /// <summary>Reads one stored spec document of <paramref name="model"/> by its SHA-256, or returns <see langword="null"/>.</summary>
    public async Task<ModelSpec?> TryLoadRevisionAsync(string model, string digest, CancellationToken cancellationToken = default)
    {
        var path = ModelArtifacts.For(model).Specs.History(digest);
        return await store.TryReadBytesAsync(path, cancellationToken) is { } bytes ? Parse(bytes, path, trainers) : null;
    }

    /// <summary>Lists the spec documents <paramref name="model"/> has had: digest and when each was first stored, oldest first.</summary>
    public async Task<IReadOnlyList<SpecRevision>> ListRevisionsAsync(string model, CancellationToken cancellationToken = default)
    {
        var prefix = ModelArtifacts.For(model).Specs.HistoryPrefix;
        var revisions = new List<SpecRevision>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken))
        {
            if (item.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                revisions.Add(new SpecRevision(item.Path[prefix.Length..^5], item.LastModified));
            }
        }

        return [.. revisions.OrderBy(r => r.StoredAt)];
    }

    /// <summary>Validates and stores <paramref name="spec"/>, replacing any earlier version.</summary>
    public async Task<string> SaveAsync(ModelSpec spec, CancellationToken cancellationToken = default)
    {
        ModelSpecValidator.EnsureValid(spec, $"for model '{spec?.Name}'", trainers);
        var path = ModelArtifacts.For(spec!.Name).Specs.Document;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(spec, RetrainJson.Options);
        await ArchiveAsync(spec.Name, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, cancellationToken);
        await store.WriteBytesAsync(path, bytes, ArtifactWriteCondition.None, cancellationToken);
        return path;
    }

    private static string? HistoryPath(ModelVersion version) =>
        version.SpecDigest is { Length: > 0 } digest ? ModelArtifacts.For(version.Model).Specs.History(digest) : null;

    private async Task ArchiveAsync(string model, string digest, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = ModelArtifacts.For(model).Specs.History(digest);
        if (await store.ExistsAsync(path, cancellationToken))
        {
            return;
        }

        try
        {
            await store.WriteBytesAsync(path, bytes, ArtifactWriteCondition.IfNotExists, cancellationToken);
        }
        catch (ArtifactConditionFailedException)
        {
            // Archived by a racing writer: same digest, same bytes.
        }
    }

    /// <summary>Lists the models that have a spec.</summary>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = new List<string>();
        await foreach (var item in store.ListAsync(SpecArtifacts.Prefix, cancellationToken))
        {
            var name = item.Path[SpecArtifacts.Prefix.Length..];
            if (name.EndsWith(".json", StringComparison.Ordinal) && ModelName.IsValid(name[..^5]))
            {
                models.Add(name[..^5]);
            }
        }

        return models;
    }

    /// <summary>
    /// The exception for a document the serializer refused: every field that cannot be read, with what is allowed
    /// (<see cref="SpecDocumentChecker"/>), or the serializer's own complaint without .NET type names when the document
    /// is not JSON at all.
    /// </summary>
    private static ModelSpecException Invalid(ReadOnlySpan<byte> json, string source, TrainerRegistry trainers, JsonException ex)
    {
        IReadOnlyList<string> problems = [];
        try
        {
            problems = SpecDocumentChecker.Check<ModelSpec>(JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }), trainers);
        }
        catch (JsonException)
        {
            // Not JSON: the serializer's message (with its line and position) says where.
        }

        if (problems.Count == 0)
        {
            var field = string.IsNullOrEmpty(ex.Path) ? "the document" : ex.Path.TrimStart('$', '.');
            problems = [$"{field}: {Explain(ex)}"];
        }

        return new ModelSpecException($"Model spec {source} is invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}", ex) { Problems = problems };
    }

    private static string Explain(JsonException ex) =>
        ex.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "the value has the wrong type or is not one of the allowed names"
            : ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
}
