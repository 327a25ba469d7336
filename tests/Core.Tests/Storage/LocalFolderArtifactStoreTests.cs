using System.Text;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Storage;

/// <summary>The artifact store contract on <see cref="LocalFolderArtifactStore"/>, plus what only a folder can get wrong.</summary>
public sealed class LocalFolderArtifactStoreTests : ArtifactStoreContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "retrain-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(".~meta/models/m1/production.json.json")]
    [InlineData("models/.~m1/production.json")]
    [InlineData("models/m1/.~production.json.0123.tmp")]
    public async Task WriteAsync_ReservedSegment_ThrowsArgumentException(string path)
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => WriteTextAsync(path, "x", ArtifactWriteCondition.None));

        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
        Assert.Contains("reserved", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyAsync_OnTheSameDisk_LinksTheFileRatherThanCopyingIt()
    {
        Assert.True(OperatingSystem.IsLinux(), "This check reads the link count with GNU stat; the store's other tests run everywhere.");
        await WriteTextAsync("batches/m1/pending/b1.csv", "a,b\n1,2\n", ArtifactWriteCondition.None);

        await Store.CopyAsync("batches/m1/pending/b1.csv", "batches/m1/accepted/b1.csv", ArtifactWriteCondition.IfNotExists);

        var copy = Path.Combine(_root, "batches", "m1", "accepted", "b1.csv");
        Assert.Equal("2", await LinkCountAsync(copy));
        await Store.DeleteAsync("batches/m1/pending/b1.csv");
        Assert.Equal("1", await LinkCountAsync(copy));
        Assert.Equal("a,b\n1,2\n", await ReadTextAsync("batches/m1/accepted/b1.csv"));
    }

    private static async Task<string> LinkCountAsync(string file)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%h", file]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return output.Trim();
    }

    [Fact]
    public async Task WriteAsync_Completed_StoresExactlyTheBytesAtThePathUnderTheRoot()
    {
        await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.IfNotExists, new Dictionary<string, string> { ["a"] = "b" });
        await WriteTextAsync("models/m1/production.json", "v2", ArtifactWriteCondition.None);

        var folder = Path.Combine(_root, "models", "m1");
        Assert.Equal([Path.Combine(folder, "production.json")], Directory.GetFiles(folder));
        Assert.Equal("v2", await File.ReadAllTextAsync(Path.Combine(folder, "production.json")));
    }

    [Fact]
    public async Task WriteAsync_ContentStreamFails_KeepsOldContentAndLeavesNoTemporaryFile()
    {
        var original = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.None);

        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync("models/m1/production.json", new FailingStream(), ArtifactWriteCondition.IfMatch(original.ETag)));

        Assert.Equal("v1", await ReadTextAsync("models/m1/production.json"));
        Assert.Equal(original.ETag, (await Store.GetPropertiesAsync("models/m1/production.json"))?.ETag);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "models", "m1")));
    }

    [Fact]
    public async Task GetPropertiesAsync_FileCopiedInByHand_HasStableETagUsableForIfMatch()
    {
        Directory.CreateDirectory(Path.Combine(_root, "incoming", "m1"));
        await File.WriteAllTextAsync(Path.Combine(_root, "incoming", "m1", "dropped.csv"), "a,b\n1,2\n");

        var first = await Store.GetPropertiesAsync("incoming/m1/dropped.csv");
        var second = await Store.GetPropertiesAsync("incoming/m1/dropped.csv");
        var listed = await ListAsync("incoming/");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(8, first.Length);
        Assert.Empty(first.Metadata);
        Assert.Equal(first.ETag, Assert.Single(listed).ETag);
        await WriteTextAsync("incoming/m1/dropped.csv", "a,b\n", ArtifactWriteCondition.IfMatch(first.ETag));
        Assert.Equal("a,b\n", await ReadTextAsync("incoming/m1/dropped.csv"));
    }

    [Fact]
    public async Task GetPropertiesAsync_FileReplacedByHand_IgnoresTheStaleSidecar()
    {
        var written = await WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.None, new Dictionary<string, string> { ["owner"] = "store" });
        var file = Path.Combine(_root, "specs", "m1.json");
        await File.WriteAllTextAsync(file, "{\"edited\":true}");
        File.SetLastWriteTimeUtc(file, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));

        var properties = await Store.GetPropertiesAsync("specs/m1.json");

        Assert.NotNull(properties);
        Assert.NotEqual(written.ETag, properties.ETag);
        Assert.Empty(properties.Metadata);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), properties.LastModified);
        await Assert.ThrowsAsync<ArtifactConditionFailedException>(() => WriteTextAsync("specs/m1.json", "{}", ArtifactWriteCondition.IfMatch(written.ETag)));
    }

    [Fact]
    public async Task WriteAsync_LockHeldByAnotherProcess_WaitsUntilItIsReleased()
    {
        var original = await WriteTextAsync("models/m1/production.json", "v1", ArtifactWriteCondition.None);

        // An OS file lock taken through another handle is what a second process holding the lock looks like.
        var lockFile = new FileStream(Path.Combine(_root, ".~meta", "models", "m1", "production.json.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var write = WriteTextAsync("models/m1/production.json", "v2", ArtifactWriteCondition.IfMatch(original.ETag));
        await Task.Delay(300);
        var finishedWhileLocked = write.IsCompleted;
        await lockFile.DisposeAsync();
        await write;

        Assert.False(finishedWhileLocked);
        Assert.Equal("v2", await ReadTextAsync("models/m1/production.json"));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentIfMatchWritersOnSeparateStoreInstances_ExactlyOneWins()
    {
        // Separate instances share no in-process semaphore: only the file lock keeps them apart, as across processes.
        const string path = "models/m1/production.json";
        var initial = await WriteTextAsync(path, "initial", ArtifactWriteCondition.None);

        var outcomes = await RaceAsync(20, writer => WriteTextAsync(new LocalFolderArtifactStore(_root), path, $"writer {writer}", ArtifactWriteCondition.IfMatch(initial.ETag)));

        var winner = Assert.Single(outcomes, outcome => outcome.Won);
        Assert.Equal(19, outcomes.Count(outcome => outcome.Failure is not null));
        Assert.Equal($"writer {winner.Writer}", await ReadTextAsync(path));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentIfNotExistsCreatorsOnSeparateStoreInstances_ExactlyOneWins()
    {
        const string path = "batches/m1/accepted/b1.json";

        var outcomes = await RaceAsync(20, writer => WriteTextAsync(new LocalFolderArtifactStore(_root), path, $"creator {writer}", ArtifactWriteCondition.IfNotExists));

        var winner = Assert.Single(outcomes, outcome => outcome.Won);
        Assert.Equal(19, outcomes.Count(outcome => outcome.Failure is not null));
        Assert.Equal($"creator {winner.Writer}", await ReadTextAsync(path));
    }

    [Fact]
    public async Task ListAsync_MissingRoot_ReturnsEmpty()
    {
        var store = new LocalFolderArtifactStore(Path.Combine(_root, "does-not-exist"));

        await foreach (var properties in store.ListAsync(string.Empty))
        {
            Assert.Fail($"Unexpected artifact {properties.Path}.");
        }

        Assert.Null(await store.GetPropertiesAsync("specs/m1.json"));
        Assert.False(await store.DeleteAsync("specs/m1.json"));
    }

    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(new LocalFolderArtifactStore(_root));

    protected override Task DeleteStoreAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    private sealed class FailingStream : Stream
    {
        private int _reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_reads++ > 0)
            {
                throw new IOException("The source went away.");
            }

            var chunk = Encoding.UTF8.GetBytes("partial");
            chunk.CopyTo(buffer, offset);
            return chunk.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
