using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>Puts CSV text into the store as a binary snapshot split, and reads a split back as text records.</summary>
internal static class BinarySplits
{
    /// <summary>Loads <paramref name="csv"/> as <see cref="SpecDataLoader"/> reads CSV and writes it to <paramref name="path"/> as a binary split.</summary>
    public static async Task PutCsvAsync(IArtifactStore store, ModelSpec spec, string path, string csv)
    {
        var local = Path.Combine(Path.GetTempPath(), $"retrain-test-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(local, csv);
            await BinarySplit.WriteAsync(store, path, SpecDataLoader.Load(MlContexts.Create(), spec, local));
        }
        finally
        {
            File.Delete(local);
        }
    }

    /// <summary>Reads every record of the split at <paramref name="path"/> (features, then the raw label).</summary>
    public static async Task<(string[] Header, List<string[]> Rows)> ReadAsync(IArtifactStore store, ModelSpec spec, string path)
    {
        using var records = await SplitRecords.OpenAsync(store, spec, path);
        return (records.Header, [.. records.Records]);
    }
}
