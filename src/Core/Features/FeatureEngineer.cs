using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Features;

/// <summary>Fits the spec's ML.NET feature pipeline on the snapshot's train split and stores it.</summary>
public sealed class FeatureEngineer(IArtifactStore store, TimeProvider timeProvider, ILogger<FeatureEngineer> logger)
{
    /// <summary>Fits the spec's ML.NET feature pipeline on the snapshot's train split and stores it.</summary>
    public Task<FeaturesResult> EngineerAsync(FeaturesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = (store, timeProvider, logger, cancellationToken);
        throw new NotImplementedException();
    }
}
