using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Telemetry;

namespace RetrainFunctions.Core.Deployment;

/// <summary>
/// Deploys a version in two idempotent steps: first the immutable version (model.zip with its SHA-256, then
/// version.json), then the production pointer, flipped with an ETag condition so that of two racing promotions
/// exactly one wins. The pointer only ever names a complete version; every change is appended to the history.
/// </summary>
public sealed class ModelDeployer(IArtifactStore store, TimeProvider timeProvider, ILogger<ModelDeployer> logger)
{
    /// <summary>Deploys <paramref name="request"/>'s challenger as version <c>request.RunId</c>.</summary>
    public async Task<DeployResult> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (model, version) = (request.Model, request.RunId);

        var current = await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken);
        if (current?.Value.Version == version)
        {
            // A retry after the pointer flipped: finish the history entry and report success.
            await AppendHistoryAsync(current.Value.Value, cancellationToken);
            return new DeployResult(true, version, current.Value.Value.PreviousVersion);
        }

        var sha = await WriteVersionAsync(request, cancellationToken);
        var currentVersion = current?.Value.Version;
        if (!string.Equals(currentVersion, request.ExpectedChampionVersion, StringComparison.Ordinal))
        {
            var reason = $"Production moved from {request.ExpectedChampionVersion ?? "nothing"} to {currentVersion ?? "nothing"} after this run evaluated against it; version {version} is stored (restorable) but not deployed. SHA-256 {sha[..12]}.";
            DeploymentLog.NotDeployed(logger, model, request.RunId, version, reason);
            return new DeployResult(false, version, currentVersion, reason);
        }

        var pointer = new ProductionPointer(model, version, currentVersion, (current?.Value.Sequence ?? 0) + 1, timeProvider.GetUtcNow(), request.RunId, PointerAction.Deploy);
        var flipped = await TryFlipAsync(pointer, current?.ETag, cancellationToken);
        if (!flipped)
        {
            var reason = $"Another deployment changed production while version {version} was being deployed; it is stored (restorable) but not deployed.";
            DeploymentLog.NotDeployed(logger, model, request.RunId, version, reason);
            return new DeployResult(false, version, currentVersion, reason);
        }

        await AppendHistoryAsync(pointer, cancellationToken);
        DeploymentLog.Deployed(logger, model, request.RunId, version, currentVersion);
        return new DeployResult(true, version, currentVersion);
    }

    /// <summary>
    /// Points production back at an earlier, complete <paramref name="version"/>; <paramref name="actor"/> names who
    /// asked. Throws <see cref="InvalidOperationException"/> when the version does not exist or is already in production.
    /// </summary>
    public async Task<ProductionPointer> RollBackAsync(string model, string version, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!await store.ExistsAsync(ModelArtifacts.For(model).Versions.Version(version).Manifest, cancellationToken))
        {
            throw new InvalidOperationException($"Model '{model}' has no version '{version}'; list versions under {ModelArtifacts.For(model).Versions.Prefix}.");
        }

        var current = await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken);
        if (current?.Value.Version == version)
        {
            throw new InvalidOperationException($"Version '{version}' of model '{model}' is already in production.");
        }

        // A probation rollback names its run ("probation:{runId}"); an operator's names the person, kept apart from the run id.
        var now = timeProvider.GetUtcNow();
        var (runId, by) = actor.StartsWith("probation:", StringComparison.Ordinal)
            ? (actor, (string?)null)
            : ($"rollback-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", actor);
        var pointer = new ProductionPointer(model, version, current?.Value.Version, (current?.Value.Sequence ?? 0) + 1, now, runId, PointerAction.Rollback, by);
        if (!await TryFlipAsync(pointer, current?.ETag, cancellationToken))
        {
            throw new InvalidOperationException($"Production of model '{model}' changed during the rollback; read it again and retry.");
        }

        await AppendHistoryAsync(pointer, cancellationToken);
        DeploymentLog.RolledBack(logger, model, pointer.RunId, version, pointer.PreviousVersion, by ?? "probation");
        if (by is not null)
        {
            // A probation rollback is counted once, from its run's record; an operator's only here, after its one flip.
            RetrainTelemetry.RecordRollback(model, RollbackSource.Operator);
        }

        return pointer;
    }

    /// <summary>Reads the production pointer, or <see langword="null"/> when the model was never deployed.</summary>
    public async Task<ProductionPointer?> GetProductionAsync(string model, CancellationToken cancellationToken = default) =>
        (await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(model).Deployment.Production, cancellationToken))?.Value;

    /// <summary>
    /// Answers "which version was in production at <paramref name="at"/>" from the pointer history: the version of the
    /// last change at or before that instant, or <see langword="null"/> when nothing was deployed yet.
    /// </summary>
    public async Task<string?> GetProductionAtAsync(string model, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await GetHistoryAsync(model, cancellationToken)).LastOrDefault(p => p.ChangedAt <= at)?.Version;

    /// <summary>Reads the pointer history, oldest first.</summary>
    public async Task<IReadOnlyList<ProductionPointer>> GetHistoryAsync(string model, CancellationToken cancellationToken = default)
    {
        var history = new List<ProductionPointer>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Deployment.HistoryPrefix, cancellationToken))
        {
            history.Add(await store.ReadJsonAsync<ProductionPointer>(item.Path, cancellationToken));
        }

        return [.. history.OrderBy(p => p.Sequence)];
    }

    private async Task<string> WriteVersionAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var (model, version) = (request.Model, request.RunId);
        var modelPath = ModelArtifacts.For(model).Versions.Version(version).Model;

        byte[] bytes;
        await using (var source = await store.OpenReadAsync(request.ChallengerPath, cancellationToken))
        using (var buffer = new MemoryStream())
        {
            await source.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await WriteOnceAsync(modelPath, bytes, cancellationToken);

        var manifest = new ModelVersion(
            model, version, request.Task, request.Trainer, request.Parameters, request.Metrics,
            request.SnapshotDigest, request.SpecDigest, request.RunId, request.ExpectedChampionVersion, sha, timeProvider.GetUtcNow(), request.Seen);
        if (await store.TryReadBytesAsync(ModelArtifacts.For(model).Specs.History(request.SpecDigest), cancellationToken) is { } spec)
        {
            // The version carries the spec it was trained under: serving, probation and rollback read this copy.
            await WriteOnceAsync(ModelArtifacts.For(model).Versions.Version(version).Spec, spec, cancellationToken);
        }

        var scores = ModelArtifacts.For(model).Runs.Run(request.RunId).ChallengerScoresProfile;
        if (await store.ExistsAsync(scores, cancellationToken))
        {
            // The prediction-drift reference: the challenger's scores on the comparison rows it was judged on (after a
            // refit, those of the same recipe before the comparison rows were added to its training rows).
            await store.CopyOnceAsync(scores, ModelArtifacts.For(model).Versions.Version(version).ComparisonScoresProfile, cancellationToken: cancellationToken);
        }

        await WriteJsonOnceAsync(ModelArtifacts.For(model).Versions.Version(version).Manifest, manifest, cancellationToken);
        await WriteOnceAsync(ModelArtifacts.For(model).Versions.Version(version).ModelCard, Encoding.UTF8.GetBytes(ModelCard.Render(manifest, request.Notes ?? [])), cancellationToken);
        return sha;
    }

    private async Task<bool> TryFlipAsync(ProductionPointer pointer, string? etag, CancellationToken cancellationToken)
    {
        var condition = etag is null ? ArtifactWriteCondition.IfNotExists : ArtifactWriteCondition.IfMatch(etag);
        try
        {
            await store.WriteJsonAsync(ModelArtifacts.For(pointer.Model).Deployment.Production, pointer, condition, cancellationToken);
            return true;
        }
        catch (ArtifactConditionFailedException)
        {
            return false;
        }
    }

    private async Task AppendHistoryAsync(ProductionPointer pointer, CancellationToken cancellationToken) =>
        await WriteJsonOnceAsync(ModelArtifacts.For(pointer.Model).Deployment.History(pointer.Sequence), pointer, cancellationToken);

    private async Task WriteOnceAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteBytesAsync(path, bytes, ArtifactWriteCondition.IfNotExists, cancellationToken);
        }
        catch (ArtifactConditionFailedException)
        {
            // Written by an earlier attempt of this activity; versions are immutable.
        }
    }

    private async Task WriteJsonOnceAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteJsonAsync(path, value, ArtifactWriteCondition.IfNotExists, cancellationToken);
        }
        catch (ArtifactConditionFailedException)
        {
            // Written by an earlier attempt; immutable.
        }
    }
}
