using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Deployment;

/// <summary>
/// An operator's rollback, the same from every host (the API's <c>POST /api/models/{model}/rollback</c>, the command
/// line's <c>retrain rollback</c>): chooses the version (the one named, else the one production replaced), checks that
/// it exists, moves the production pointer with the ETag-conditioned flip of <see cref="ModelDeployer.RollBackAsync"/>
/// and records who asked in the pointer history. Refusals are results, not exceptions, so each host renders them.
/// </summary>
public sealed class RollbackService(IArtifactStore store, ModelDeployer deployer, ILogger<RollbackService> logger)
{
    /// <summary>Points production of <paramref name="model"/> back at <paramref name="version"/> (default: the version production replaced).</summary>
    /// <param name="model">The model.</param>
    /// <param name="version">The version to restore, or <see langword="null"/> for the one the current production version replaced.</param>
    /// <param name="by">Who asks (recorded in the pointer history).</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The outcome and, when rolled back, the new pointer.</returns>
    public async Task<RollbackResult> RollBackAsync(string model, string? version, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (string.IsNullOrEmpty(version))
        {
            var production = await deployer.GetProductionAsync(model, cancellationToken);
            version = production?.PreviousVersion;
            if (version is null)
            {
                return new RollbackResult(RollbackStatus.NoTarget, production is null
                    ? $"Model '{model}' has no production version to roll back from."
                    : $"Production version '{production.Version}' of model '{model}' replaced nothing; name a version.");
            }
        }

        try
        {
            if (!await store.ExistsAsync(ModelArtifacts.For(model).Versions.Version(version).Manifest, cancellationToken))
            {
                return new RollbackResult(RollbackStatus.UnknownVersion, $"Model '{model}' has no version '{version}'.", version);
            }
        }
        catch (ArgumentException ex)
        {
            return new RollbackResult(RollbackStatus.InvalidVersion, ex.Message, version);
        }

        try
        {
            var pointer = await deployer.RollBackAsync(model, version, by, cancellationToken);
            return new RollbackResult(RollbackStatus.RolledBack, $"Production of {model} rolled back from {pointer.PreviousVersion} to {pointer.Version} (history #{pointer.Sequence}).", version, pointer);
        }
        catch (InvalidOperationException ex)
        {
            DeploymentLog.RollbackRefused(logger, ex, model, version, by);
            return new RollbackResult(RollbackStatus.Refused, ex.Message, version);
        }
    }
}
