using System.Text;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>A <see cref="LocalFolderArtifactStore"/> in a fresh temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryStore : IDisposable
{
    public TemporaryStore()
    {
        Root = Path.Combine(Path.GetTempPath(), "retrain-tests", Guid.NewGuid().ToString("N"));
        Store = new LocalFolderArtifactStore(Root);
    }

    public string Root { get; }

    public LocalFolderArtifactStore Store { get; }

    public Task PutTextAsync(string path, string text) =>
        Store.WriteBytesAsync(path, Encoding.UTF8.GetBytes(text), ArtifactWriteCondition.None);

    public async Task<string> GetTextAsync(string path)
    {
        await using var stream = await Store.OpenReadAsync(path);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public async Task<List<string>> ListAsync(string prefix)
    {
        var paths = new List<string>();
        await foreach (var item in Store.ListAsync(prefix))
        {
            paths.Add(item.Path);
        }

        return paths;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
