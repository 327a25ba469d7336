using System.Text;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IArtifactStore"/> adapter must have. Each derived class runs all of these
/// against its adapter, on a fresh, empty store per test.
/// </summary>
public abstract class ArtifactStoreContractTests : IAsyncLifetime
{
    private const int RacingWriters = 20;

    private IArtifactStore? _store;

    protected IArtifactStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => DeleteStoreAsync();

    [Fact]
    public async Task WriteAsync_NewPath_RoundTripsBytes()
    {
        var bytes = new byte[300_000];
        new Random(42).NextBytes(bytes);

        await Store.WriteBytesAsync("runs/m1/r1/featurizer.zip", bytes, ArtifactWriteCondition.None);

        await using var stream = await Store.OpenReadAsync("runs/m1/r1/featurizer.zip");
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);
        Assert.Equal(bytes, read.ToArray());
    }

    [Fact]
    public async Task WriteAsync_WithMetadata_RoundTripsMetadataAndProperties()
    {
        var metadata = new Dictionary<string, string> { ["runId"] = "r-17", ["digest"] = "ab12" };

        var written = await WriteTextAsync("models/m1/versions/v1/model.zip", "model", ArtifactWriteCondition.None, metadata);
        var properties = await Store.GetPropertiesAsync("models/m1/versions/v1/model.zip");

        Assert.NotNull(properties);
        Assert.Equal("models/m1/versions/v1/model.zip", properties.Path);
        Assert.Equal(written.ETag, properties.ETag);
        Assert.Equal(5, properties.Length);
        Assert.Equal(5, written.Length);
        Assert.Equal("r-17", properties.Metadata["runid"]);
        Assert.Equal("ab12", properties.Metadata["Digest"]);
        Assert.Equal(2, properties.Metadata.Count);
        Assert.Equal("r-17", written.Metadata["RUNID"]);
    }

    [Fact]
    public async Task WriteAsync_Overwrite_ReplacesContentAndMetadataAndChangesETag()
    {
        var first = await WriteTextAsync("specs/m1.json", "one", ArtifactWriteCondition.None, new Dictionary<string, string> { ["a"] = "1" });

        var second = await WriteTextAsync("specs/m1.json", "two!", ArtifactWriteCondition.None);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("two!", await ReadTextAsync("specs/m1.json"));
        var properties = await Store.GetPropertiesAsync("specs/m1.json");
        Assert.NotNull(properties);
        Assert.Equal(second.ETag, properties.ETag);
        Assert.Equal(4, properties.Length);
        Assert.Empty(properties.Metadata);
    }

    [Fact]
    public async Task WriteAsync_NonSeekableStream_RoundTripsAndReportsLength()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("label,feature\n1,2.5\n", 50_000)));
        await using var content = new ForwardOnlyStream(bytes);

        var written = await Store.WriteAsync("incoming/m1/big.csv", content, ArtifactWriteCondition.IfNotExists);

        Assert.Equal(bytes.Length, written.Length);
        await using var stream = await Store.OpenReadAsync("incoming/m1/big.csv");
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);
        Assert.Equal(bytes, read.ToArray());
    }

    [Fact]
    public async Task WriteAsync_IfNotExistsWhenAbsent_Creates()
    {
        var written = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.IfNotExists);

        Assert.Equal("v1", await ReadTextAsync("models/m1/production.json"));
        Assert.Equal(written.ETag, (await Store.GetPropertiesAsync("models/m1/production.json"))?.ETag);
    }

    [Fact]
    public async Task WriteAsync_IfNotExistsWhenPresent_ThrowsConditionFailed()
    {
        var original = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.None);

        await Assert.ThrowsAsync<ArtifactConditionFailedException>(
            () => WriteTextAsync("models/m1/production.json", "v2", ArtifactWriteCondition.IfNotExists));

        Assert.Equal("v1", await ReadTextAsync("models/m1/production.json"));
        Assert.Equal(original.ETag, (await Store.GetPropertiesAsync("models/m1/production.json"))?.ETag);
    }

    [Fact]
    public async Task WriteAsync_IfMatchCurrentETag_Succeeds()
    {
        var original = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.None);

        var updated = await WriteTextAsync("models/m1/production.json", "v2", ArtifactWriteCondition.IfMatch(original.ETag));

        Assert.NotEqual(original.ETag, updated.ETag);
        Assert.Equal("v2", await ReadTextAsync("models/m1/production.json"));
    }

    [Fact]
    public async Task WriteAsync_IfMatchStaleETag_ThrowsConditionFailed()
    {
        var original = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.None);
        await WriteTextAsync("models/m1/production.json", "v2", ArtifactWriteCondition.IfMatch(original.ETag));

        var failure = await Assert.ThrowsAsync<ArtifactConditionFailedException>(
            () => WriteTextAsync("models/m1/production.json", "v3", ArtifactWriteCondition.IfMatch(original.ETag)));

        Assert.Contains("models/m1/production.json", failure.Message, StringComparison.Ordinal);
        Assert.Equal("v2", await ReadTextAsync("models/m1/production.json"));
    }

    [Fact]
    public async Task WriteAsync_IfMatchWhenMissing_ThrowsConditionFailed()
    {
        var original = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.None);
        await Store.DeleteAsync("models/m1/production.json");

        await Assert.ThrowsAsync<ArtifactConditionFailedException>(
            () => WriteTextAsync("models/m1/production.json", "v2", ArtifactWriteCondition.IfMatch(original.ETag)));

        Assert.Null(await Store.GetPropertiesAsync("models/m1/production.json"));
    }

    [Fact]
    public async Task WriteAsync_IfNotExistsAfterDelete_Creates()
    {
        await WriteTextAsync("runs/m1/r1/record.json", "first", ArtifactWriteCondition.IfNotExists);
        await Store.DeleteAsync("runs/m1/r1/record.json");

        await WriteTextAsync("runs/m1/r1/record.json", "second", ArtifactWriteCondition.IfNotExists);

        Assert.Equal("second", await ReadTextAsync("runs/m1/r1/record.json"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/models/m1/production.json")]
    [InlineData("../outside.json")]
    [InlineData("models/../../outside.json")]
    [InlineData("models/./m1.json")]
    [InlineData("models\\m1.json")]
    [InlineData("models//m1.json")]
    [InlineData("models/m1/")]
    [InlineData("models/m1\u0001.json")]
    [InlineData("models/m1\n.json")]
    public async Task WriteAsync_InvalidPath_ThrowsArgumentExceptionNamingThePath(string path)
    {
        var failure = await Assert.ThrowsAnyAsync<ArgumentException>(() => WriteTextAsync(path, "x", ArtifactWriteCondition.None));

        Assert.Equal("path", failure.ParamName);
        Assert.Contains("artifact path", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetPropertiesAsync(path));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(path));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(path));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/models")]
    [InlineData("models//")]
    [InlineData("models\\m1")]
    public async Task ListAsync_InvalidPrefix_ThrowsArgumentException(string prefix)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ListPathsAsync(prefix));
    }

    [Fact]
    public async Task WriteAsync_InvalidMetadataKey_ThrowsArgumentException()
    {
        var metadata = new Dictionary<string, string> { ["run-id"] = "r1" };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.None, metadata));

        Assert.Null(await Store.GetPropertiesAsync("specs/m1.json"));
    }

    [Fact]
    public async Task GetPropertiesAsync_Missing_ReturnsNull()
    {
        await WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.None);

        Assert.Null(await Store.GetPropertiesAsync("specs/m2.json"));
        Assert.Null(await Store.GetPropertiesAsync("specs/m1.json/child"));
        Assert.Null(await Store.GetPropertiesAsync("specs"));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_ThrowsArtifactNotFound()
    {
        var failure = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.OpenReadAsync("specs/missing.json"));

        Assert.Contains("specs/missing.json", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsMatchesInOrdinalOrder()
    {
        string[] paths = ["p/b", "p/a0", "p/a/x", "p/a-x", "p/B", "p/a/y/z", "p/_", "q/a", "pp/a"];
        foreach (var path in paths)
        {
            await WriteTextAsync(path, path, ArtifactWriteCondition.None);
        }

        var listed = await ListPathsAsync("p/");

        Assert.Equal(["p/B", "p/_", "p/a-x", "p/a/x", "p/a/y/z", "p/a0", "p/b"], listed);
    }

    [Fact]
    public async Task ListAsync_FolderPrefix_ExcludesSiblingsSharingTheName()
    {
        await WriteTextAsync("models/m1/production.json", "1", ArtifactWriteCondition.None);
        await WriteTextAsync("models/m1/history/0000000001.json", "1", ArtifactWriteCondition.None);
        await WriteTextAsync("models/m10/production.json", "10", ArtifactWriteCondition.None);
        await WriteTextAsync("models/m1.json", "file", ArtifactWriteCondition.None);

        var listed = await ListPathsAsync("models/m1/");

        Assert.Equal(["models/m1/history/0000000001.json", "models/m1/production.json"], listed);
    }

    [Fact]
    public async Task ListAsync_PartialSegmentPrefix_MatchesEveryPathStartingWithIt()
    {
        await WriteTextAsync("models/m1/production.json", "1", ArtifactWriteCondition.None);
        await WriteTextAsync("models/m10/production.json", "10", ArtifactWriteCondition.None);
        await WriteTextAsync("models/m1.json", "file", ArtifactWriteCondition.None);
        await WriteTextAsync("models/n1.json", "other", ArtifactWriteCondition.None);

        var listed = await ListPathsAsync("models/m1");

        Assert.Equal(["models/m1.json", "models/m1/production.json", "models/m10/production.json"], listed);
    }

    [Fact]
    public async Task ListAsync_EmptyPrefix_ListsExactlyTheArtifactsWithTheirProperties()
    {
        var metadata = new Dictionary<string, string> { ["kind"] = "pointer" };
        var pointer = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.IfNotExists, metadata);
        pointer = await WriteTextAsync("models/m1/production.json", "v2", ArtifactWriteCondition.IfMatch(pointer.ETag), metadata);
        await WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.None);
        await WriteTextAsync("specs/gone.json", "{}", ArtifactWriteCondition.None);
        await Store.DeleteAsync("specs/gone.json");
        await Assert.ThrowsAsync<ArtifactConditionFailedException>(() => WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.IfNotExists));

        var listed = await ListAsync(string.Empty);

        Assert.Equal(["models/m1/production.json", "specs/m1.json"], listed.Select(p => p.Path));
        Assert.Equal(pointer.ETag, listed[0].ETag);
        Assert.Equal(2, listed[0].Length);
        Assert.Equal("pointer", listed[0].Metadata["kind"]);
        Assert.Empty(listed[1].Metadata);
    }

    [Fact]
    public async Task ListAsync_NoMatch_ReturnsEmpty()
    {
        await WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.None);

        Assert.Empty(await ListPathsAsync("runs/"));
        Assert.Empty(await ListPathsAsync("specs/m2"));
    }

    [Fact]
    public async Task CopyAsync_CopiesTheBytesWithTheGivenMetadataAndLeavesTheSource()
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var source = await Store.WriteAsync("batches/m1/pending/b1.csv", new MemoryStream(bytes), ArtifactWriteCondition.None, new Dictionary<string, string> { ["source"] = "a.csv" });

        var copied = await Store.CopyAsync("batches/m1/pending/b1.csv", "batches/m1/accepted/b1.csv", ArtifactWriteCondition.IfNotExists, new Dictionary<string, string> { ["run"] = "r1" });

        Assert.Equal(bytes, await ReadBytesAsync("batches/m1/accepted/b1.csv"));
        var properties = await Store.GetPropertiesAsync("batches/m1/accepted/b1.csv");
        Assert.NotNull(properties);
        Assert.Equal(copied.ETag, properties.ETag);
        Assert.Equal(bytes.Length, properties.Length);
        Assert.Equal("r1", Assert.Single(properties.Metadata).Value);
        Assert.Equal(source.ETag, (await Store.GetPropertiesAsync("batches/m1/pending/b1.csv"))!.ETag);
        Assert.Equal("a.csv", (await Store.GetPropertiesAsync("batches/m1/pending/b1.csv"))!.Metadata["source"]);
    }

    [Fact]
    public async Task CopyAsync_ThenSourceOverwrittenAndDeleted_TheCopyKeepsItsBytes()
    {
        await WriteTextAsync("batches/m1/pending/b1.csv", "first", ArtifactWriteCondition.None);
        await Store.CopyAsync("batches/m1/pending/b1.csv", "batches/m1/accepted/b1.csv", ArtifactWriteCondition.None);

        await WriteTextAsync("batches/m1/pending/b1.csv", "second", ArtifactWriteCondition.None);
        Assert.Equal("first", Encoding.UTF8.GetString(await ReadBytesAsync("batches/m1/accepted/b1.csv")));
        Assert.True(await Store.DeleteAsync("batches/m1/pending/b1.csv"));

        Assert.Equal("first", Encoding.UTF8.GetString(await ReadBytesAsync("batches/m1/accepted/b1.csv")));
        Assert.Equal(5, (await Store.GetPropertiesAsync("batches/m1/accepted/b1.csv"))!.Length);
    }

    [Fact]
    public async Task CopyAsync_IfNotExistsWhenPresent_ThrowsConditionFailedAndKeepsTheDestination()
    {
        await WriteTextAsync("batches/m1/pending/b1.csv", "new", ArtifactWriteCondition.None);
        var existing = await WriteTextAsync("batches/m1/accepted/b1.csv", "old", ArtifactWriteCondition.None);

        await Assert.ThrowsAsync<ArtifactConditionFailedException>(() => Store.CopyAsync("batches/m1/pending/b1.csv", "batches/m1/accepted/b1.csv", ArtifactWriteCondition.IfNotExists));

        Assert.Equal("old", Encoding.UTF8.GetString(await ReadBytesAsync("batches/m1/accepted/b1.csv")));
        Assert.Equal(existing.ETag, (await Store.GetPropertiesAsync("batches/m1/accepted/b1.csv"))!.ETag);
    }

    [Fact]
    public async Task CopyAsync_MissingSource_ThrowsArtifactNotFoundAndWritesNothing()
    {
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.CopyAsync("batches/m1/pending/none.csv", "batches/m1/accepted/none.csv", ArtifactWriteCondition.IfNotExists));

        Assert.Empty(await ListPathsAsync("batches/"));
    }

    [Fact]
    public async Task DownloadToFileAsync_WritesTheBytesAndKeepsThemWhenTheArtifactChanges()
    {
        var bytes = new byte[300_000];
        new Random(9).NextBytes(bytes);
        await Store.WriteBytesAsync("snapshots/m1/s1/train.idv", bytes, ArtifactWriteCondition.None);
        var file = Path.Combine(Path.GetTempPath(), $"retrain-contract-{Guid.NewGuid():N}.idv");
        try
        {
            await Store.DownloadToFileAsync("snapshots/m1/s1/train.idv", file);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(file));

            await WriteTextAsync("snapshots/m1/s1/train.idv", "replaced", ArtifactWriteCondition.None);
            await Store.DeleteAsync("snapshots/m1/s1/train.idv");

            Assert.Equal(bytes, await File.ReadAllBytesAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task DownloadToFileAsync_Missing_ThrowsArtifactNotFoundAndLeavesNoFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"retrain-contract-{Guid.NewGuid():N}.idv");

        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.DownloadToFileAsync("snapshots/m1/none/train.idv", file));

        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task UploadFileAsync_WritesTheFileWithMetadataAndOutlivesIt()
    {
        var bytes = new byte[300_000];
        new Random(13).NextBytes(bytes);
        var file = Path.Combine(Path.GetTempPath(), $"retrain-contract-{Guid.NewGuid():N}.idv");
        await File.WriteAllBytesAsync(file, bytes);

        var written = await Store.UploadFileAsync("snapshots/m1/s1/train.idv", file, ArtifactWriteCondition.IfNotExists, new Dictionary<string, string> { ["rows"] = "42" });
        File.Delete(file);

        var properties = await Store.GetPropertiesAsync("snapshots/m1/s1/train.idv");
        Assert.NotNull(properties);
        Assert.Equal(written.ETag, properties.ETag);
        Assert.Equal(bytes.Length, properties.Length);
        Assert.Equal(bytes.Length, written.Length);
        Assert.Equal("42", properties.Metadata["rows"]);
        Assert.Equal(bytes, await ReadBytesAsync("snapshots/m1/s1/train.idv"));
    }

    [Fact]
    public async Task UploadFileAsync_IfNotExistsWhenPresent_ThrowsConditionFailedAndKeepsTheArtifact()
    {
        var existing = await WriteTextAsync("snapshots/m1/s1/train.idv", "old", ArtifactWriteCondition.None);
        var file = Path.Combine(Path.GetTempPath(), $"retrain-contract-{Guid.NewGuid():N}.idv");
        await File.WriteAllTextAsync(file, "new");
        try
        {
            await Assert.ThrowsAsync<ArtifactConditionFailedException>(() => Store.UploadFileAsync("snapshots/m1/s1/train.idv", file, ArtifactWriteCondition.IfNotExists));
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal("old", await ReadTextAsync("snapshots/m1/s1/train.idv"));
        Assert.Equal(existing.ETag, (await Store.GetPropertiesAsync("snapshots/m1/s1/train.idv"))!.ETag);
    }

    [Fact]
    public async Task DeleteAsync_Existing_ReturnsTrueAndRemovesIt()
    {
        await WriteTextAsync("quarantine/m1/b1.csv", "bad", ArtifactWriteCondition.None);
        await WriteTextAsync("quarantine/m1/b2.csv", "bad", ArtifactWriteCondition.None);

        var deleted = await Store.DeleteAsync("quarantine/m1/b1.csv");

        Assert.True(deleted);
        Assert.Null(await Store.GetPropertiesAsync("quarantine/m1/b1.csv"));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.OpenReadAsync("quarantine/m1/b1.csv"));
        Assert.Equal(["quarantine/m1/b2.csv"], await ListPathsAsync("quarantine/"));
    }

    [Fact]
    public async Task DeleteAsync_Missing_ReturnsFalse()
    {
        await WriteTextAsync("quarantine/m1/b1.csv", "bad", ArtifactWriteCondition.None);
        await Store.DeleteAsync("quarantine/m1/b1.csv");

        Assert.False(await Store.DeleteAsync("quarantine/m1/b1.csv"));
        Assert.False(await Store.DeleteAsync("never/written.csv"));
    }

    [Fact]
    public async Task TryReadJsonWithETagAsync_AfterWriteJson_ReturnsValueAndCurrentETag()
    {
        var written = await Store.WriteJsonAsync("models/m1/production.json", new Pointer("v7", 3), ArtifactWriteCondition.IfNotExists);

        var read = await Store.TryReadJsonWithETagAsync<Pointer>("models/m1/production.json");

        Assert.NotNull(read);
        Assert.Equal(new Pointer("v7", 3), read.Value.Value);
        Assert.Equal(written.ETag, read.Value.ETag);
        Assert.Null(await Store.TryReadJsonWithETagAsync<Pointer>("models/m2/production.json"));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentIfMatchWriters_ExactlyOneWins()
    {
        const string path = "models/m1/production.json";
        var initial = await WriteTextAsync(path, "initial", ArtifactWriteCondition.None);

        var outcomes = await RaceAsync(RacingWriters, writer => WriteTextAsync(path, $"writer {writer}", ArtifactWriteCondition.IfMatch(initial.ETag)));

        var winner = Assert.Single(outcomes, outcome => outcome.Won);
        Assert.Equal(RacingWriters - 1, outcomes.Count(outcome => outcome.Failure is ArtifactConditionFailedException));
        Assert.Equal($"writer {winner.Writer}", await ReadTextAsync(path));
        Assert.Equal(winner.Written!.ETag, (await Store.GetPropertiesAsync(path))?.ETag);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentIfNotExistsCreators_ExactlyOneWins()
    {
        const string path = "batches/m1/accepted/b1.json";

        var outcomes = await RaceAsync(RacingWriters, writer => WriteTextAsync(path, $"creator {writer}", ArtifactWriteCondition.IfNotExists));

        var winner = Assert.Single(outcomes, outcome => outcome.Won);
        Assert.Equal(RacingWriters - 1, outcomes.Count(outcome => outcome.Failure is ArtifactConditionFailedException));
        Assert.Equal($"creator {winner.Writer}", await ReadTextAsync(path));
        Assert.Equal([path], await ListPathsAsync("batches/"));
    }

    /// <summary>Starts <paramref name="writers"/> writes at once; any failure other than a lost condition fails the test.</summary>
    protected static async Task<IReadOnlyList<RaceOutcome>> RaceAsync(int writers, Func<int, Task<ArtifactProperties>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return new RaceOutcome(writer, await write(writer), null);
            }
            catch (ArtifactConditionFailedException exception)
            {
                return new RaceOutcome(writer, null, exception);
            }
        })).ToArray();

        start.SetResult();
        return await Task.WhenAll(attempts);
    }

    protected abstract Task<IArtifactStore> CreateStoreAsync();

    protected abstract Task DeleteStoreAsync();

    protected Task<ArtifactProperties> WriteTextAsync(
        string path,
        string text,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null) => WriteTextAsync(Store, path, text, condition, metadata);

    protected static async Task<ArtifactProperties> WriteTextAsync(
        IArtifactStore store,
        string path,
        string text,
        ArtifactWriteCondition condition,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await store.WriteAsync(path, content, condition, metadata);
    }

    protected async Task<string> ReadTextAsync(string path)
    {
        await using var stream = await Store.OpenReadAsync(path);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    protected async Task<List<ArtifactProperties>> ListAsync(string prefix)
    {
        var listed = new List<ArtifactProperties>();
        await foreach (var properties in Store.ListAsync(prefix))
        {
            listed.Add(properties);
        }

        return listed;
    }

    protected async Task<List<string>> ListPathsAsync(string prefix) => [.. (await ListAsync(prefix)).Select(p => p.Path)];

    /// <summary>One writer's result in a race.</summary>
    protected sealed record RaceOutcome(int Writer, ArtifactProperties? Written, ArtifactConditionFailedException? Failure)
    {
        public bool Won => Written is not null;
    }

    private sealed record Pointer(string Version, int Sequence);

    /// <summary>A read-only stream that cannot seek, like a network response body.</summary>
    private async Task<byte[]> ReadBytesAsync(string path)
    {
        await using var stream = await Store.OpenReadAsync(path);
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);
        return read.ToArray();
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
