namespace RetrainFunctions.Core.Profiling;

/// <summary>
/// The profile of a batch or a training snapshot, stored as JSON beside the data
/// (<c>batches/{model}/accepted/{id}.profile.json</c>, <c>snapshots/{model}/{digest}/profile.json</c>).
/// </summary>
/// <param name="Rows">Data rows profiled.</param>
/// <param name="DuplicateRows">Rows identical (in the spec's columns) to an earlier row.</param>
/// <param name="Features">One profile per feature column, in spec order.</param>
/// <param name="Label">The label column's profile: categorical (the label distribution) for classification, numeric for regression.</param>
/// <param name="FirstTimestamp">The earliest timestamp, when the spec has a timestamp column.</param>
/// <param name="LastTimestamp">The latest timestamp.</param>
public sealed record DatasetProfile(
    long Rows,
    long DuplicateRows,
    IReadOnlyList<ColumnProfile> Features,
    ColumnProfile Label,
    DateTimeOffset? FirstTimestamp = null,
    DateTimeOffset? LastTimestamp = null)
{
    /// <summary>Gets the feature profile named <paramref name="name"/>, or null.</summary>
    public ColumnProfile? Feature(string name) => Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
