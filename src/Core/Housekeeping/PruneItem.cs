namespace RetrainFunctions.Core.Housekeeping;

/// <summary>One artifact <see cref="StorePruner"/> deletes, and why.</summary>
/// <param name="Path">The artifact's path in the store.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Why">Which retention rule lets it go (for <c>retrain gc --dry-run</c>).</param>
public sealed record PruneItem(string Path, long Bytes, string Why);
