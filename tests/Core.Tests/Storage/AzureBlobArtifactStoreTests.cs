using Azure.Storage.Blobs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Tests.Shared;

namespace RetrainFunctions.Core.Tests.Storage;

/// <summary>The artifact store contract on <see cref="AzureBlobArtifactStore"/> against Azurite, one fresh container per test.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobArtifactStoreTests(AzuriteFixture azurite) : ArtifactStoreContractTests
{
    private readonly BlobServiceClient _client = azurite.CreateBlobServiceClient();
    private readonly List<string> _containers = [];

    [Fact]
    public async Task WriteAsync_ContainerMissing_CreatesItOnFirstUse()
    {
        var name = NewContainerName();
        var store = new AzureBlobArtifactStore(_client, name);

        await WriteTextAsync(store, "specs/m1.json", "{}", ArtifactWriteCondition.IfNotExists);

        Assert.True((await _client.GetBlobContainerClient(name).ExistsAsync()).Value);
        Assert.NotNull(await store.GetPropertiesAsync("specs/m1.json"));
    }

    [Fact]
    public async Task GetPropertiesAsync_ContainerMissing_CreatesItAndReturnsNull()
    {
        var name = NewContainerName();
        var store = new AzureBlobArtifactStore(_client, name);

        Assert.Null(await store.GetPropertiesAsync("specs/m1.json"));
        Assert.True((await _client.GetBlobContainerClient(name).ExistsAsync()).Value);
    }

    [Fact]
    public async Task WriteAsync_Metadata_IsStoredAsBlobMetadata()
    {
        await WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.None, new Dictionary<string, string> { ["runId"] = "r1" });

        var blob = _client.GetBlobContainerClient(_containers[0]).GetBlobClient("specs/m1.json");
        var properties = (await blob.GetPropertiesAsync()).Value;

        Assert.Equal("r1", properties.Metadata["runId"]);
    }

    protected override async Task<IArtifactStore> CreateStoreAsync()
    {
        var name = await azurite.CreateUniqueContainerAsync();
        _containers.Add(name);
        return new AzureBlobArtifactStore(_client, name);
    }

    protected override async Task DeleteStoreAsync()
    {
        foreach (var name in _containers)
        {
            await _client.GetBlobContainerClient(name).DeleteIfExistsAsync();
        }
    }

    private string NewContainerName()
    {
        var name = $"t{Guid.NewGuid():N}";
        _containers.Add(name);
        return name;
    }
}
