using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Storage;

/// <summary>How <see cref="ArtifactStoreServiceCollectionExtensions.AddArtifactStore"/> picks, builds and validates the store.</summary>
public sealed class ArtifactStoreServiceCollectionExtensionsTests
{
    private const string Section = ArtifactStoreOptions.SectionName;

    [Fact]
    public void AddArtifactStore_NothingConfigured_ResolvesLocalFolderStoreOnDefaultRoot()
    {
        using var provider = Build([]);

        var store = Assert.IsType<LocalFolderArtifactStore>(provider.GetRequiredService<IArtifactStore>());

        Assert.Equal(Path.GetFullPath(".retrain"), store.RootPath);
    }

    [Fact]
    public void AddArtifactStore_LocalRootConfigured_UsesIt()
    {
        var root = Path.Combine(Path.GetTempPath(), "retrain-di-root");
        using var provider = Build(new() { [$"{Section}:LocalRoot"] = root });

        var store = Assert.IsType<LocalFolderArtifactStore>(provider.GetRequiredService<IArtifactStore>());

        Assert.Equal(root, store.RootPath);
    }

    [Fact]
    public void AddArtifactStore_ConnectionString_ResolvesAzureBlobStoreOnConfiguredContainer()
    {
        using var provider = Build(new()
        {
            [$"{Section}:ConnectionString"] = "UseDevelopmentStorage=true",
            [$"{Section}:ContainerName"] = "artifacts",
        });

        var store = Assert.IsType<AzureBlobArtifactStore>(provider.GetRequiredService<IArtifactStore>());

        Assert.Equal("artifacts", store.ContainerName);
        Assert.Equal("devstoreaccount1", provider.GetRequiredService<BlobServiceClient>().AccountName);
        Assert.Same(store, provider.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public void AddArtifactStore_AccountUrl_ResolvesAzureBlobStoreForThatAccount()
    {
        using var provider = Build(new() { [$"{Section}:AccountUrl"] = "https://retrainstore.blob.core.windows.net/" });

        Assert.IsType<AzureBlobArtifactStore>(provider.GetRequiredService<IArtifactStore>());
        Assert.Equal(new Uri("https://retrainstore.blob.core.windows.net/"), provider.GetRequiredService<BlobServiceClient>().Uri);
    }

    [Fact]
    public void AddArtifactStore_ConfigureDelegate_OverridesConfiguration()
    {
        using var provider = Build(
            new() { [$"{Section}:ConnectionString"] = "UseDevelopmentStorage=true" },
            options => options.ConnectionString = null);

        Assert.IsType<LocalFolderArtifactStore>(provider.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public void AddArtifactStore_CalledTwice_RegistersOneBlobServiceClientAndOneStore()
    {
        var services = NewServices(new() { [$"{Section}:ConnectionString"] = "UseDevelopmentStorage=true" });

        services.AddArtifactStore();
        services.AddArtifactStore();

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(BlobServiceClient));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IArtifactStore));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<AzureBlobArtifactStore>(provider.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public void AddArtifactStore_InvalidContainerName_FailsStartupValidationNamingContainerName()
    {
        using var provider = Build(new() { [$"{Section}:ContainerName"] = "Bad_Name" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ContainerName", failure.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IArtifactStore>());
    }

    [Theory]
    [InlineData("storage/blobs", "absolute")]
    [InlineData("http://retrainstore.blob.core.windows.net/", "https")]
    [InlineData("https://retrainstore.blob.core.windows.net/?sv=2024&sig=SECRET", "query string")]
    public void AddArtifactStore_BadAccountUrl_FailsValidationWithSpecificMessage(string accountUrl, string expected)
    {
        using var provider = Build(new() { [$"{Section}:AccountUrl"] = accountUrl });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"{Section}:AccountUrl", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddArtifactStore_ConnectionStringAndAccountUrl_FailsValidation()
    {
        using var provider = Build(new()
        {
            [$"{Section}:ConnectionString"] = "UseDevelopmentStorage=true",
            [$"{Section}:AccountUrl"] = "https://retrainstore.blob.core.windows.net/",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("not both", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddArtifactStore_MalformedConnectionString_FailsWithoutShowingIt()
    {
        using var provider = Build(new() { [$"{Section}:ConnectionString"] = "s3cr3t-account-key-pasted-alone" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"{Section}:ConnectionString", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection NewServices(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<ArtifactStoreOptions>? configure = null)
    {
        var services = NewServices(settings);
        services.AddArtifactStore(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
