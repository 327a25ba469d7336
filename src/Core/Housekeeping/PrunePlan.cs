namespace RetrainFunctions.Core.Housekeeping;

/// <summary>What <see cref="StorePruner.PlanAsync"/> found: what goes, and what is kept because a rule protects it.</summary>
/// <param name="Model">The model, or null for the store-wide scratch area.</param>
/// <param name="Items">The artifacts to delete.</param>
/// <param name="KeptRuns">The runs whose artifacts stay (the newest, the protected versions', any without a record).</param>
/// <param name="ProtectedVersions">Production and every version in its pointer history.</param>
/// <param name="ProtectedSnapshots">The snapshots those versions and the kept runs were trained on.</param>
public sealed record PrunePlan(
    string? Model,
    IReadOnlyList<PruneItem> Items,
    IReadOnlyList<string> KeptRuns,
    IReadOnlyList<string> ProtectedVersions,
    IReadOnlyList<string> ProtectedSnapshots)
{
    /// <summary>Gets the bytes the plan frees.</summary>
    public long Bytes => Items.Sum(i => i.Bytes);
}
