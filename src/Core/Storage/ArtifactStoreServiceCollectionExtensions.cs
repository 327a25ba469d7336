using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace RetrainFunctions.Core.Storage;

/// <summary>Registers the artifact store selected by <see cref="ArtifactStoreOptions"/>.</summary>
public static class ArtifactStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IArtifactStore"/> bound to the <c>ArtifactStore</c> configuration section, validated on start.
    /// For Azure Blob Storage the <c>BlobServiceClient</c> is registered once through <c>AddAzureClients</c>.
    /// </summary>
    /// <remarks>
    /// The adapter is chosen when the store is first resolved, from the bound options:
    /// <see cref="ArtifactStoreOptions.ConnectionString"/> or <see cref="ArtifactStoreOptions.AccountUrl"/> (with
    /// <see cref="DefaultAzureCredential"/>) selects <see cref="AzureBlobArtifactStore"/>; nothing selects
    /// <see cref="LocalFolderArtifactStore"/> on <see cref="ArtifactStoreOptions.LocalRoot"/>. If the host already
    /// registered a <see cref="BlobServiceClient"/>, that client is used. The configuration section needs an
    /// <c>IConfiguration</c> service, which every host provides.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Applied after configuration binding, e.g. to set the options in code.</param>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, Action<ArtifactStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<ArtifactStoreOptions>()
            .BindConfiguration(ArtifactStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactStoreOptions>, ArtifactStoreOptionsValidator>());

        if (!services.Any(descriptor => descriptor.ServiceType == typeof(BlobServiceClient)))
        {
            services.AddAzureClients(clients => clients.AddClient<BlobServiceClient, BlobClientOptions>(CreateBlobServiceClient));
        }

        services.TryAddSingleton(CreateStore);
        return services;
    }

    private static BlobServiceClient CreateBlobServiceClient(BlobClientOptions clientOptions, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ArtifactStoreOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new BlobServiceClient(options.ConnectionString, clientOptions);
        }

        if (options.AccountUrl is not null)
        {
            return new BlobServiceClient(options.AccountUrl, new DefaultAzureCredential(), clientOptions);
        }

        throw new InvalidOperationException(
            $"No blob storage is configured: set {ArtifactStoreOptions.SectionName}:ConnectionString or {ArtifactStoreOptions.SectionName}:AccountUrl to use Azure Blob Storage.");
    }

    private static IArtifactStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ArtifactStoreOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger(typeof(IArtifactStore).FullName!);

        switch (options.Kind)
        {
            case ArtifactStoreKind.AzureBlob:
                var client = services.GetRequiredService<BlobServiceClient>();
                StorageLog.StoreSelected(logger, ArtifactStoreKind.AzureBlob, $"{client.AccountName}/{options.ContainerName}");
                return new AzureBlobArtifactStore(client, options.ContainerName, loggerFactory.CreateLogger<AzureBlobArtifactStore>());
            case ArtifactStoreKind.LocalFolder:
                var store = new LocalFolderArtifactStore(options.LocalRoot);
                StorageLog.StoreSelected(logger, ArtifactStoreKind.LocalFolder, store.RootPath);
                return store;
            default:
                throw new InvalidOperationException($"Unknown artifact store kind {options.Kind}.");
        }
    }
}
