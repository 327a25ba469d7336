using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Collection;

/// <summary>Collects incoming files into content-addressed batches and assembles training snapshots.</summary>
public sealed class DataCollector(IArtifactStore store, TimeProvider timeProvider, ILogger<DataCollector> logger)
{
    /// <summary>Turns new files under <c>incoming/{model}/</c> into pending batches.</summary>
    public Task<CollectResult> CollectAsync(CollectRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = (store, timeProvider, logger, cancellationToken);
        throw new NotImplementedException();
    }

    /// <summary>Assembles the accepted batches in the window into a split training snapshot.</summary>
    public Task<SnapshotRef> AssembleSnapshotAsync(SnapshotRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw new NotImplementedException();
    }
}
