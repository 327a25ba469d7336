using System.Globalization;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Collection;

/// <summary>
/// Plans a snapshot's <see cref="SnapshotRowSets"/> from its time-ordered rows and production's lineage. Pure, so the
/// rule is unit-tested without storage: with a production model whose lineage is known, the comparison rows are the
/// newest run of rows from batches production never saw (walking back from the newest row until a seen batch),
/// capped to <see cref="GateSpec.ComparisonUnseenShare"/> of those rows (in superiority mode at least <see cref="GateSpec.MinHoldoutRows"/>),
/// to <see cref="GateSpec.ComparisonMaxRows"/> and to half the window (the challenger needs new rows to learn from); the selection rows are the newest <see cref="GateSpec.ValidationFraction"/> of what is left (at least one
/// row); the rest are training rows. Without production (or without its lineage) the comparison rows are the newest
/// <see cref="GateSpec.HoldoutFraction"/> of the window (at least <see cref="GateSpec.MinHoldoutRows"/> when possible).
/// </summary>
public static class RowSetPlanner
{
    /// <summary>Plans the row sets of the <paramref name="order"/>ed window.</summary>
    /// <param name="order">Row indices, oldest first, after the window.</param>
    /// <param name="batchOfRow">Batch index of each row.</param>
    /// <param name="batchIds">Batch id of each batch index.</param>
    /// <param name="production">Production's lineage; null without a production model.</param>
    /// <param name="gate">The gate settings.</param>
    public static SnapshotRowSets Plan(int[] order, ReadOnlySpan<int> batchOfRow, IReadOnlyList<string> batchIds, ProductionLineage? production, GateSpec gate)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(batchIds);
        ArgumentNullException.ThrowIfNull(gate);
        var rows = order.Length;
        if (production?.SeenBatches is not { } seen)
        {
            var (train, selection, comparison) = FractionSplit(rows, gate);
            var basis = production is null ? ComparisonBasis.NoProduction : ComparisonBasis.LineageUnknown;
            var text = production is null
                ? $"comparison rows: the newest {Rows(comparison)} of {Rows(rows)} (no production model); selection rows: the {Rows(selection)} before them; training rows: the oldest {Rows(train)}"
                : $"comparison rows: the newest {Rows(comparison)} of {Rows(rows)}, which production {production.Version} may have seen (its lineage cannot be read); selection rows: {Rows(selection)}; training rows: {Rows(train)}";
            return new SnapshotRowSets(train, selection, comparison, basis, production?.Version, 0, text);
        }

        var unseen = 0;
        while (unseen < rows && !seen.Contains(batchIds[batchOfRow[order[rows - 1 - unseen]]]))
        {
            unseen++;
        }

        // Superiority needs gate.minHoldoutRows to show a gain, so it takes them from the unseen rows when it can; under
        // non-inferiority the challenger's newest rows come first: fewer comparison rows can only make "clearly worse"
        // harder to show, and the deployment is on probation (with 30-row batches the minimum of 50 made every other
        // run wait and the challenger learn 10 new rows: NOAA weather, 78.50 % vs 79.22 % over batches 13-199).
        var share = (int)Math.Ceiling(unseen * gate.ComparisonUnseenShare);
        if (gate.Mode == GateMode.Superiority)
        {
            share = Math.Max(share, gate.MinHoldoutRows);
        }

        var compared = Math.Min(Math.Min(unseen, share), Math.Min(gate.ComparisonMaxRows, rows / 2));
        var rest = rows - compared;
        var selected = Math.Min(Math.Min(rest, Math.Max((int)Math.Ceiling(rest * gate.ValidationFraction), 1)), gate.SelectionMaxRows ?? int.MaxValue);
        var trained = rest - selected;
        var capped = compared < unseen
            ? $" (the newest of {Rows(unseen)} unseen rows: capped by {Cap(compared, share, rows, gate)}; the older ones train)"
            : string.Empty;
        var description = $"comparison rows: the newest {Rows(compared)}, from batches production {production.Version} never saw{capped}; "
            + $"selection rows: the {Rows(selected)} before them; training rows: the oldest {Rows(trained)}";
        return new SnapshotRowSets(trained, selected, compared, ComparisonBasis.UnseenByProduction, production.Version, unseen, description);
    }

    /// <summary>The fewest comparison rows a decision is made on when production exists; fewer, and the run waits for more.</summary>
    public const int ThinEvidenceFloor = 10;

    /// <summary>
    /// The fewest comparison rows the gate decides on against production: <see cref="GateSpec.MinHoldoutRows"/> in
    /// superiority mode (a gain must be shown); under non-inferiority <see cref="ThinEvidenceFloor"/> (at most
    /// <see cref="GateSpec.MinHoldoutRows"/>): fewer than <see cref="GateSpec.MinHoldoutRows"/> rows can still show a
    /// challenger clearly worse, and a retrain that is not is deployed on thin evidence rather than left waiting.
    /// </summary>
    public static int MinimumComparisonRows(GateSpec gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.Mode == GateMode.Superiority ? gate.MinHoldoutRows : Math.Min(gate.MinHoldoutRows, ThinEvidenceFloor);
    }

    /// <summary>
    /// Splits <paramref name="rows"/> in time order: the newest <c>holdoutFraction</c> (at least <c>minHoldoutRows</c>
    /// when possible) are held out, the <c>validationFraction</c> before them validate, the rest train.
    /// </summary>
    public static (int Train, int Validation, int Holdout) FractionSplit(int rows, GateSpec gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var holdout = Math.Min(rows, Math.Max((int)Math.Ceiling(rows * gate.HoldoutFraction), gate.MinHoldoutRows));
        var validation = Math.Min(Math.Min(rows - holdout, Math.Max((int)Math.Ceiling(rows * gate.ValidationFraction), 1)), gate.SelectionMaxRows ?? int.MaxValue);
        return (rows - holdout - validation, validation, holdout);
    }

    private static string Cap(int compared, int share, int rows, GateSpec gate) =>
        compared == share ? $"gate.comparisonUnseenShare {gate.ComparisonUnseenShare.ToString(CultureInfo.InvariantCulture)}"
        : compared == rows / 2 ? "half the window"
        : "gate.comparisonMaxRows";

    private static string Rows(int rows) => rows.ToString("N0", CultureInfo.InvariantCulture);
}
