using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>A synthetic snapshot: the spec, its reference and the CSV text of each split.</summary>
public sealed record SyntheticSnapshot(ModelSpec Spec, SnapshotRef Snapshot, IReadOnlyDictionary<DataSplit, string> Splits)
{
    public string Model => Spec.Name;

    public string SplitPath(DataSplit split) => ModelArtifacts.For(Model).Snapshots.Split(Snapshot.Digest, split);

    /// <summary>Writes the three split CSVs as binary splits to their <see cref="SnapshotArtifacts.Split"/> paths.</summary>
    public async Task<SyntheticSnapshot> WriteToAsync(IArtifactStore store)
    {
        foreach (var (split, csv) in Splits)
        {
            await BinarySplits.PutCsvAsync(store, Spec, SplitPath(split), csv);
        }

        return this;
    }
}
