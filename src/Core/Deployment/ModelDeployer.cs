using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Writes a new model version and flips the production pointer.</summary>
public sealed class ModelDeployer(IArtifactStore store, TimeProvider timeProvider, ILogger<ModelDeployer> logger)
{
    /// <summary>Writes a new model version and flips the production pointer.</summary>
    public Task<DeployResult> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = (store, timeProvider, logger, cancellationToken);
        throw new NotImplementedException();
    }
}
