using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift;

/// <summary>How <see cref="DriftReplayer"/> walks a dataset.</summary>
public sealed record DriftReplayOptions
{
    /// <summary>Gets the rows per batch. <value>Default: 336 (a week of half-hours).</value></summary>
    public int BatchRows { get; init; } = 336;

    /// <summary>Gets what each batch is compared with. <value>Default: <see cref="DriftReferenceKind.Production"/>: the first <see cref="ReferenceRows"/> rows, as if a model had been trained on them and never retrained.</value></summary>
    public DriftReferenceKind Reference { get; init; } = DriftReferenceKind.Production;

    /// <summary>Gets the rows of the production reference. <value>Default: null, one batch.</value></summary>
    public int? ReferenceRows { get; init; }

    /// <summary>Gets the season length in rows for <see cref="DriftReferenceKind.Seasonal"/>. <value>Default: 365.</value></summary>
    public int SeasonRows { get; init; } = 365;

    /// <summary>Gets how many past seasons the seasonal reference pools (the same period in each). <value>Default: 1.</value></summary>
    public int Seasons { get; init; } = 1;
}
