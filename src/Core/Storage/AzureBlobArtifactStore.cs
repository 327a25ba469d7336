using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RetrainFunctions.Core.Storage;

/// <summary>The artifact store on one Azure Blob Storage container (or Azurite).</summary>
/// <remarks>
/// Artifact paths are blob names. Conditions map to HTTP preconditions: <see cref="ArtifactWriteCondition.IfNotExists"/>
/// is <c>If-None-Match: *</c> and <see cref="ArtifactWriteCondition.IfMatch(string)"/> is <c>If-Match</c>; a refused
/// precondition (409 <c>BlobAlreadyExists</c>, 412 <c>ConditionNotMet</c>) becomes
/// <see cref="ArtifactConditionFailedException"/> and a missing blob (404) <see cref="ArtifactNotFoundException"/>.
/// Every other <see cref="RequestFailedException"/> propagates. The container is created on first use.
/// </remarks>
public sealed class AzureBlobArtifactStore : IArtifactStore
{
    private readonly BlobContainerClient _container;
    private readonly ILogger<AzureBlobArtifactStore> _logger;
    private Lazy<Task> _containerCreation;

    /// <summary>Creates a store on container <paramref name="containerName"/> of <paramref name="blobServiceClient"/>.</summary>
    public AzureBlobArtifactStore(BlobServiceClient blobServiceClient, string containerName, ILogger<AzureBlobArtifactStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(blobServiceClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        _container = blobServiceClient.GetBlobContainerClient(containerName);
        _logger = logger ?? NullLogger<AzureBlobArtifactStore>.Instance;
        _containerCreation = NewContainerCreation();
    }

    /// <summary>Gets the name of the container holding the artifacts.</summary>
    public string ContainerName => _container.Name;

    /// <inheritdoc />
    public async Task<ArtifactProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePath(path);
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var response = await _container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
            var properties = response.Value;
            return new ArtifactProperties(path, Format(properties.ETag), properties.ContentLength, properties.LastModified, ToMetadata(properties.Metadata));
        }
        catch (RequestFailedException exception) when (IsBlobNotFound(exception))
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePath(path);
        await EnsureContainerAsync(cancellationToken);
        try
        {
            // One request; the SDK's retriable stream resumes the download if the connection drops midway.
            var response = await _container.GetBlobClient(path).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException exception) when (IsBlobNotFound(exception))
        {
            throw ArtifactNotFoundException.For(path, exception);
        }
    }

    /// <inheritdoc />
    public async Task<ArtifactProperties> WriteAsync(
        string path,
        Stream content,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePath(path);
        ArgumentNullException.ThrowIfNull(content);
        var metadataCopy = ArtifactMetadataRules.Snapshot(metadata);
        await EnsureContainerAsync(cancellationToken);

        // Seekable content knows its length; otherwise count the bytes as the SDK reads them (exactly once).
        await using var counting = content.CanSeek ? null : new CountingReadStream(content);
        var length = content.CanSeek ? content.Length - content.Position : 0;
        var options = UploadOptions(condition, metadataCopy);

        try
        {
            var response = await _container.GetBlobClient(path).UploadAsync(counting ?? content, options, cancellationToken);
            return new ArtifactProperties(
                path,
                Format(response.Value.ETag),
                counting?.BytesRead ?? length,
                response.Value.LastModified,
                metadataCopy);
        }
        catch (RequestFailedException exception) when (IsConditionFailure(exception, condition))
        {
            throw ArtifactConditionFailedException.For(path, condition, exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A server-side copy within the container (Copy Blob, awaited to completion): the bytes never pass through this
    /// process, which for a batch of gigabytes validated in a function instance is most of the cost of moving it. Within
    /// one account the service authorizes the source with the destination's credentials (key or Microsoft Entra ID). The
    /// properties returned are read after the copy completes.
    /// </remarks>
    public async Task<ArtifactProperties> CopyAsync(
        string source,
        string destination,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePath(source);
        ArtifactPathRules.ValidatePath(destination);
        var metadataCopy = ArtifactMetadataRules.Snapshot(metadata);
        await EnsureContainerAsync(cancellationToken);
        var target = _container.GetBlobClient(destination);
        var options = new BlobCopyFromUriOptions
        {
            DestinationConditions = ToRequestConditions(condition),
            Metadata = new Dictionary<string, string>(metadataCopy, StringComparer.OrdinalIgnoreCase),
        };

        try
        {
            var copy = await target.StartCopyFromUriAsync(_container.GetBlobClient(source).Uri, options, cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            // A 404 names a missing source (or, under If-Match, a missing destination): the source's existence tells which.
            if (exception.Status == 404 && await GetPropertiesAsync(source, cancellationToken) is null)
            {
                throw ArtifactNotFoundException.For(source, exception);
            }

            if (IsConditionFailure(exception, condition))
            {
                throw ArtifactConditionFailedException.For(destination, condition, exception);
            }

            throw;
        }

        return await GetPropertiesAsync(destination, cancellationToken)
            ?? throw new InvalidOperationException($"The copy of '{source}' to '{destination}' completed but the destination is gone (deleted concurrently).");
    }

    /// <inheritdoc />
    /// <remarks>The SDK's parallel download of ranges (<see cref="BlobBaseClient.DownloadToAsync(string, CancellationToken)"/>).</remarks>
    public async Task DownloadToFileAsync(string path, string file, CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePath(path);
        ArgumentException.ThrowIfNullOrEmpty(file);
        if (File.Exists(file))
        {
            throw new IOException($"The file '{file}' already exists.");
        }

        await EnsureContainerAsync(cancellationToken);
        try
        {
            await _container.GetBlobClient(path).DownloadToAsync(file, cancellationToken);
        }
        catch (RequestFailedException exception) when (IsBlobNotFound(exception))
        {
            File.Delete(file);
            throw ArtifactNotFoundException.For(path, exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>The SDK's parallel upload of blocks from the file.</remarks>
    public async Task<ArtifactProperties> UploadFileAsync(
        string path,
        string file,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePath(path);
        ArgumentException.ThrowIfNullOrEmpty(file);
        var metadataCopy = ArtifactMetadataRules.Snapshot(metadata);
        await EnsureContainerAsync(cancellationToken);
        var options = UploadOptions(condition, metadataCopy);

        try
        {
            var response = await _container.GetBlobClient(path).UploadAsync(file, options, cancellationToken);
            return new ArtifactProperties(path, Format(response.Value.ETag), new FileInfo(file).Length, response.Value.LastModified, metadataCopy);
        }
        catch (RequestFailedException exception) when (IsConditionFailure(exception, condition))
        {
            throw ArtifactConditionFailedException.For(path, condition, exception);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePrefix(prefix);
        await EnsureContainerAsync(cancellationToken);
        var options = new GetBlobsOptions
        {
            Prefix = prefix.Length == 0 ? null : prefix,
            Traits = BlobTraits.Metadata,
        };

        // Blob Storage lists in lexicographic (ordinal) name order, page after page.
        await foreach (var blob in _container.GetBlobsAsync(options, cancellationToken))
        {
            var properties = blob.Properties;
            yield return new ArtifactProperties(
                blob.Name,
                properties.ETag is { } etag ? Format(etag) : string.Empty,
                properties.ContentLength ?? 0,
                properties.LastModified ?? DateTimeOffset.MinValue,
                ToMetadata(blob.Metadata));
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePath(path);
        await EnsureContainerAsync(cancellationToken);
        var response = await _container.GetBlobClient(path).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        return response.Value;
    }

    private static BlobUploadOptions UploadOptions(ArtifactWriteCondition condition, Dictionary<string, string> metadata) => new()
    {
        Conditions = ToRequestConditions(condition),
        Metadata = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase),
    };

    private static BlobRequestConditions? ToRequestConditions(ArtifactWriteCondition condition) => condition.Kind switch
    {
        ArtifactWriteConditionKind.None => null,
        ArtifactWriteConditionKind.IfNotExists => new BlobRequestConditions { IfNoneMatch = ETag.All },
        ArtifactWriteConditionKind.IfMatch => new BlobRequestConditions { IfMatch = new ETag(condition.ETag!) },
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Kind, "Unknown write condition."),
    };

    /// <summary>
    /// One spelling per ETag: response headers carry it quoted, listings unquoted; callers compare ETags as
    /// strings, so both become the quoted form.
    /// </summary>
    private static string Format(ETag etag)
    {
        var value = etag.ToString();
        return value.StartsWith('"') ? value : $"\"{value}\"";
    }

    private static bool IsBlobNotFound(RequestFailedException exception) =>
        exception.Status == 404 && exception.ErrorCode != BlobErrorCode.ContainerNotFound;

    private static bool IsConditionFailure(RequestFailedException exception, ArtifactWriteCondition condition) =>
        (exception.Status == 409 && exception.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        || (exception.Status == 412 && exception.ErrorCode == BlobErrorCode.ConditionNotMet)
        || (condition.Kind == ArtifactWriteConditionKind.IfMatch && IsBlobNotFound(exception));

    private static Dictionary<string, string> ToMetadata(IDictionary<string, string>? metadata) =>
        metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);

    private Lazy<Task> NewContainerCreation() => new(CreateContainerAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task CreateContainerAsync()
    {
        // Shared by every caller, so it runs to completion whatever one caller's cancellation token says.
        var created = await _container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        if (created is not null)
        {
            StorageLog.ContainerCreated(_logger, _container.Name, _container.AccountName);
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        var creation = Volatile.Read(ref _containerCreation);
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (creation.Value.IsFaulted || creation.Value.IsCanceled)
        {
            // Do not cache a transient failure forever: the next call tries again. This call still fails.
            Interlocked.CompareExchange(ref _containerCreation, NewContainerCreation(), creation);
            throw;
        }
    }
}
