using Microsoft.Extensions.DependencyInjection;

namespace RetrainFunctions.Core.Storage;

/// <summary>Registers the artifact store selected by <see cref="ArtifactStoreOptions"/>.</summary>
public static class ArtifactStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IArtifactStore"/> bound to the <c>ArtifactStore</c> configuration section, validated on start.
    /// For Azure Blob Storage the <c>BlobServiceClient</c> is registered once through <c>AddAzureClients</c>.
    /// </summary>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, Action<ArtifactStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = configure;
        throw new NotImplementedException();
    }
}
