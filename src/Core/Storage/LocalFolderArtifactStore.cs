using System.Globalization;
using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The default artifact store: a folder on the local disk, laid out so it can be browsed by hand.
/// </summary>
/// <remarks>
/// <para>Layout under <see cref="RootPath"/>:</para>
/// <code>
/// {path}                          the artifact's bytes, exactly as written
/// .~meta/{path}.json              sidecar: ETag, metadata, and the length and write time of the bytes it describes
/// .~meta/{path}.lock              lock file, held with FileShare.None while a write or delete commits
/// {folder}/.~{name}.{guid}.tmp    a write in progress, renamed over {path} once complete
/// </code>
/// <para>
/// Path segments starting with <c>.~</c> are reserved: such paths are refused and <see cref="ListAsync"/> never
/// returns them, so sidecars, locks and temporary files never show up as artifacts.
/// </para>
/// <para>
/// Writes are atomic: the content goes to a temporary file in the target folder, then, under the path's lock,
/// the condition is checked, the sidecar is replaced and the temporary file is renamed over the artifact.
/// The lock is an in-process semaphore plus an OS file lock, so conditional writes are correct across threads,
/// store instances and processes sharing the folder (unless file locking is disabled with
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>).
/// </para>
/// <para>
/// A file without a sidecar that matches it (copied in by hand, or left by a crash between the two renames)
/// is still an artifact: its ETag derives from its length and write time and it has no metadata.
/// <see cref="ArtifactProperties.LastModified"/> is the file's write time.
/// </para>
/// <para>
/// Copies within the store, downloads to a local file and uploads from one are hard links where the volume allows
/// (<see cref="CopyAsync"/>): no byte is copied. The store never changes a file in place, so a link keeps its bytes
/// whatever later happens to the other name; a file edited in place by hand would change its links too.
/// </para>
/// <para>
/// Limits: the file system is assumed case-sensitive (as on Linux), and unlike Blob Storage a path cannot be
/// both an artifact and a folder (<c>a</c> and <c>a/b</c>).
/// </para>
/// </remarks>
public sealed class LocalFolderArtifactStore : IArtifactStore
{
    private const string ReservedSegmentPrefix = ".~";
    private const string MetaFolderName = ".~meta";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly string _metaRoot;
    private readonly LocalFolderLocks _locks = new(LockTimeout);

    /// <summary>Creates a store rooted at <paramref name="rootPath"/> (created on the first write).</summary>
    public LocalFolderArtifactStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = Path.GetFullPath(rootPath);
        _metaRoot = Path.Combine(RootPath, MetaFolderName);
    }

    /// <summary>Gets the absolute path of the store's root folder.</summary>
    public string RootPath { get; }

    /// <inheritdoc />
    public async Task<ArtifactProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidatePath(path);
        cancellationToken.ThrowIfCancellationRequested();

        // Lock-free first: a sidecar that matches the bytes (or no sidecar at all) is a consistent answer.
        var sidecar = await ReadSidecarAsync(path, cancellationToken);
        var file = Stat(path);
        if (file is null)
        {
            return null;
        }

        if (sidecar is null || sidecar.Describes(file))
        {
            return ToProperties(path, file, sidecar);
        }

        // A mismatch is either a write committing between its two renames or a stale sidecar; the lock tells them apart.
        await using (await LockAsync(path, cancellationToken))
        {
            return await ReadCurrentAsync(path, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidatePath(path);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.Delete lets a concurrent write rename over the file while it is being read (Windows).
            Stream stream = new FileStream(
                DataPath(path),
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read | FileShare.Delete,
                bufferSize: 81920,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
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
        ValidatePath(path);
        ArgumentNullException.ThrowIfNull(content);
        return await CommitAsync(path, condition, metadata, temporary => CopyToNewFileAsync(content, temporary, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The destination is a hard link to the source's file when the file system allows one (the same volume; Linux, macOS,
    /// NTFS): no byte is copied, which a 2 GB batch moved from incoming to pending to accepted otherwise costs twice
    /// (read, write, flush to disk). That is safe because the store never changes a file in place — every write renames a
    /// new file over the path — so a later write or delete of either path leaves the other's bytes as they were. Where no
    /// link can be made the file is copied by the operating system and flushed, as a write is.
    /// </remarks>
    public async Task<ArtifactProperties> CopyAsync(
        string source,
        string destination,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ValidatePath(source);
        ValidatePath(destination);
        var sourceFile = DataPath(source);
        return await CommitAsync(destination, condition, metadata, temporary =>
        {
            if (!File.Exists(sourceFile))
            {
                throw ArtifactNotFoundException.For(source, new FileNotFoundException("No such artifact.", sourceFile));
            }

            // The store's own file is on disk already: a link needs no flush.
            LinkOrCopy(sourceFile, temporary, flushLink: false);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The file is linked into the store when it is on the store's volume (a split written to the system temp folder
    /// usually is) and flushed to disk, as a write is; otherwise copied and flushed.
    /// </remarks>
    public async Task<ArtifactProperties> UploadFileAsync(
        string path,
        string file,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ValidatePath(path);
        ArgumentException.ThrowIfNullOrEmpty(file);
        return await CommitAsync(path, condition, metadata, temporary =>
        {
            // The caller's file may still be in the page cache only: flushed, as a write is.
            LinkOrCopy(file, temporary, flushLink: true);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Makes <paramref name="destination"/> a hard link to <paramref name="source"/>, or a copy, flushed to disk (a link only when <paramref name="flushLink"/>).</summary>
    private static void LinkOrCopy(string source, string destination, bool flushLink)
    {
        var linked = HardLinks.TryCreate(destination, source);
        if (!linked)
        {
            File.Copy(source, destination);
        }

        if (!linked || flushLink)
        {
            using var file = new FileStream(destination, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            file.Flush(flushToDisk: true);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A hard link when the file is on the store's volume (the system temp folder usually is): a reader of a 1 GB split
    /// then costs no copy. The store never changes its files in place, so the link keeps the bytes it was made with;
    /// elsewhere the operating system copies the file.
    /// </remarks>
    public Task DownloadToFileAsync(string path, string file, CancellationToken cancellationToken = default)
    {
        ValidatePath(path);
        ArgumentException.ThrowIfNullOrEmpty(file);
        cancellationToken.ThrowIfCancellationRequested();
        var source = DataPath(path);
        if (!File.Exists(source))
        {
            throw ArtifactNotFoundException.For(path, new FileNotFoundException("No such artifact.", source));
        }

        if (File.Exists(file))
        {
            throw new IOException($"The file '{file}' already exists.");
        }

        if (!HardLinks.TryCreate(file, source))
        {
            File.Copy(source, file);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Checks <paramref name="condition"/> (failing fast, before any byte is written), fills a new temporary file beside
    /// <paramref name="path"/> with <paramref name="fill"/>, then, under the path's lock, checks the condition again,
    /// replaces the sidecar and renames the file over the path.
    /// </summary>
    private async Task<ArtifactProperties> CommitAsync(string path, ArtifactWriteCondition condition, IReadOnlyDictionary<string, string>? metadata, Func<string, Task> fill, CancellationToken cancellationToken)
    {
        var metadataCopy = ArtifactMetadataRules.Snapshot(metadata);
        if (condition.Kind != ArtifactWriteConditionKind.None)
        {
            EnsureConditionHolds(path, condition, await GetPropertiesAsync(path, cancellationToken));
        }

        var target = DataPath(path);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{ReservedSegmentPrefix}{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp"));
        try
        {
            await fill(temporary);
            var written = new FileInfo(temporary);
            var sidecar = new Sidecar(NewETag(), written.Length, written.LastWriteTimeUtc.Ticks, metadataCopy);

            await using (await LockAsync(path, cancellationToken))
            {
                EnsureConditionHolds(path, condition, await ReadCurrentAsync(path, cancellationToken));

                // Sidecar first: until the bytes are renamed in, it does not describe the file and is ignored.
                await WriteSidecarAsync(path, sidecar, cancellationToken);
                File.Move(temporary, target, overwrite: true);
            }

            return ToProperties(path, written, sidecar);
        }
        finally
        {
            // Nothing to delete after the rename; after a failure the partial file must not linger.
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactPathRules.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var start = lastSlash < 0 ? RootPath : Path.Combine(RootPath, ToNativeSeparators(prefix[..lastSlash]));
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var paths = EnumerateArtifactPaths(start)
            .Where(path => path.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var properties = await GetPropertiesAsync(path, cancellationToken);
            if (properties is not null)
            {
                yield return properties;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidatePath(path);
        var target = DataPath(path);
        var sidecarPath = SidecarPath(path);
        if (!File.Exists(target) && !File.Exists(sidecarPath))
        {
            return false;
        }

        await using (await LockAsync(path, cancellationToken))
        {
            // The bytes decide existence, so they go first; a leftover sidecar would only be ignored.
            var existed = File.Exists(target);
            File.Delete(target);
            File.Delete(sidecarPath);
            return existed;
        }
    }

    private static void ValidatePath(string path)
    {
        ArtifactPathRules.ValidatePath(path);
        if (path.Split('/').Any(segment => segment.StartsWith(ReservedSegmentPrefix, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Invalid artifact path '{path}': segments starting with '{ReservedSegmentPrefix}' are reserved by the local store.", nameof(path));
        }
    }

    private static void EnsureConditionHolds(string path, ArtifactWriteCondition condition, ArtifactProperties? current)
    {
        var holds = condition.Kind switch
        {
            ArtifactWriteConditionKind.None => true,
            ArtifactWriteConditionKind.IfNotExists => current is null,
            ArtifactWriteConditionKind.IfMatch => current is not null && string.Equals(current.ETag, condition.ETag, StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Kind, "Unknown write condition."),
        };
        if (!holds)
        {
            throw ArtifactConditionFailedException.For(path, condition);
        }
    }

    private static async Task CopyToNewFileAsync(Stream content, string destination, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920, FileOptions.Asynchronous);
        await content.CopyToAsync(file, cancellationToken);
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
    }

    private static string NewETag() => string.Create(CultureInfo.InvariantCulture, $"\"{Guid.NewGuid():N}\"");

    private static ArtifactProperties ToProperties(string path, FileInfo file, Sidecar? sidecar)
    {
        var lastModified = new DateTimeOffset(file.LastWriteTimeUtc.Ticks, TimeSpan.Zero);
        if (sidecar is null)
        {
            var etag = string.Create(CultureInfo.InvariantCulture, $"\"fs-{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\"");
            return new ArtifactProperties(path, etag, file.Length, lastModified, ArtifactMetadataRules.Empty);
        }

        var metadata = new Dictionary<string, string>(sidecar.Metadata, StringComparer.OrdinalIgnoreCase);
        return new ArtifactProperties(path, sidecar.ETag, file.Length, lastModified, metadata);
    }

    private static string ToNativeSeparators(string path) =>
        Path.DirectorySeparatorChar == '/' ? path : path.Replace('/', Path.DirectorySeparatorChar);

    private IEnumerable<string> EnumerateArtifactPaths(string start)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        return new FileSystemEnumerable<string>(start, (ref FileSystemEntry entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                !entry.IsDirectory && !entry.FileName.StartsWith(ReservedSegmentPrefix, StringComparison.Ordinal),
            ShouldRecursePredicate = (ref FileSystemEntry entry) =>
                !entry.FileName.StartsWith(ReservedSegmentPrefix, StringComparison.Ordinal),
        }.Select(fullPath => Path.GetRelativePath(RootPath, fullPath).Replace(Path.DirectorySeparatorChar, '/'));
    }

    private string DataPath(string path) => Path.Combine(RootPath, ToNativeSeparators(path));

    private string SidecarPath(string path) => Path.Combine(_metaRoot, ToNativeSeparators(path) + ".json");

    private string LockFilePath(string path) => Path.Combine(_metaRoot, ToNativeSeparators(path) + ".lock");

    private Task<IAsyncDisposable> LockAsync(string path, CancellationToken cancellationToken) =>
        _locks.AcquireAsync(path, LockFilePath(path), cancellationToken);

    private FileInfo? Stat(string path)
    {
        var file = new FileInfo(DataPath(path));
        return file.Exists ? file : null;
    }

    /// <summary>Reads the current properties; only consistent while holding the path's lock.</summary>
    private async Task<ArtifactProperties?> ReadCurrentAsync(string path, CancellationToken cancellationToken)
    {
        var file = Stat(path);
        if (file is null)
        {
            return null;
        }

        var sidecar = await ReadSidecarAsync(path, cancellationToken);
        return ToProperties(path, file, sidecar is not null && sidecar.Describes(file) ? sidecar : null);
    }

    private async Task<Sidecar?> ReadSidecarAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(SidecarPath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096, FileOptions.Asynchronous);
            return await JsonSerializer.DeserializeAsync<Sidecar>(stream, RetrainJson.Options, cancellationToken)
                ?? throw new InvalidDataException($"The sidecar of artifact '{path}' holds JSON null.");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private async Task WriteSidecarAsync(string path, Sidecar sidecar, CancellationToken cancellationToken)
    {
        var sidecarPath = SidecarPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(sidecarPath)!);
        var temporary = string.Create(CultureInfo.InvariantCulture, $"{sidecarPath}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 4096, FileOptions.Asynchronous))
            {
                await JsonSerializer.SerializeAsync(stream, sidecar, RetrainJson.Options, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, sidecarPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>What the store keeps next to an artifact's bytes.</summary>
    /// <param name="ETag">The ETag of the write that produced the bytes.</param>
    /// <param name="Length">The length of those bytes.</param>
    /// <param name="LastWriteTimeUtcTicks">Their file's write time: with the length, proves the sidecar still describes the file.</param>
    /// <param name="Metadata">The metadata written with them.</param>
    private sealed record Sidecar(string ETag, long Length, long LastWriteTimeUtcTicks, Dictionary<string, string> Metadata)
    {
        public bool Describes(FileInfo file) => file.Length == Length && file.LastWriteTimeUtc.Ticks == LastWriteTimeUtcTicks;
    }
}
