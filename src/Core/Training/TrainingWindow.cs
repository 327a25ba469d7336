using Microsoft.ML;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// Narrows a time-ordered training view to its newest rows and, optionally, weights its rows by recency
/// (<see cref="WindowSpec.CandidateRows"/>, <see cref="WindowSpec.RecencyHalfLifeRows"/>). Snapshot splits are stored
/// oldest row first, so "newest N" is "skip all but the last N" and a row's age is its distance from the last row.
/// </summary>
/// <remarks>
/// The weight of the row at 0-based position <c>i</c> of <c>n</c> rows is <c>0.5^((n − 1 − i) / halfLife)</c>: 1 for
/// the newest row, ½ one half-life back. It is exposed as the <see cref="WeightColumn"/> column, which every trainer
/// of <see cref="TrainerRegistry"/> reads as its example weight when a half-life is set.
/// </remarks>
internal static class TrainingWindow
{
    /// <summary>The example-weight column added when a recency half-life is set.</summary>
    public const string WeightColumn = "__RecencyWeight";

    /// <summary>
    /// The newest <paramref name="newestRows"/> rows of <paramref name="view"/> (all of them when null or not fewer),
    /// with <see cref="WeightColumn"/> when <paramref name="halfLifeRows"/> is set; also returns the rows kept.
    /// </summary>
    public static (IDataView View, int Rows) Apply(MLContext ml, IDataView view, int? newestRows, double? halfLifeRows, double? newestFraction = null, double? halfLifeFraction = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(view);
        var rows = SpecDataLoader.CountRows(view);
        newestRows = newestFraction is { } share ? Math.Max(1, (int)Math.Ceiling(rows * share)) : newestRows;
        if (newestRows is { } n && n < rows)
        {
            view = ml.Data.SkipRows(view, rows - n);
            rows = n;
        }

        halfLifeRows ??= halfLifeFraction is { } part ? Math.Max(1, part * rows) : null;
        if (halfLifeRows is { } h)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h);
        }

        return halfLifeRows is { } halfLife ? (new RowWeightView(view, rows, position => (float)Weight(position, rows, halfLife), WeightColumn), rows) : (view, rows);
    }

    /// <summary>The recency weight of the row at <paramref name="position"/> (0 = oldest) of <paramref name="rows"/>.</summary>
    public static double Weight(long position, long rows, double halfLifeRows) => Math.Pow(0.5, (rows - 1 - position) / halfLifeRows);

    /// <summary>The name of a candidate trained on a window (the trainer alone for the whole train split), for its model path.</summary>
    public static string CandidateName(TrainerKind trainer, int? windowRows, double? windowFraction = null, double? halfLifeFraction = null) =>
        (windowFraction is { } share ? FormattableString.Invariant($"{trainer}-newest{Math.Round(share * 1000):0}permille")
        : windowRows is { } n ? FormattableString.Invariant($"{trainer}-newest{n}") : trainer.ToString())
        + (halfLifeFraction is { } part ? FormattableString.Invariant($"-halflife{Math.Round(part * 1000):0}permille") : string.Empty);
}
