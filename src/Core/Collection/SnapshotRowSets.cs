namespace RetrainFunctions.Core.Collection;

/// <summary>
/// The three named row sets of a snapshot, oldest to newest: <b>training rows</b> (candidates learn from them),
/// <b>selection rows</b> (the candidates — trainer × window — are ranked on them) and <b>comparison rows</b> (only the
/// chosen challenger meets production on them). With a production model the comparison rows are the newest rows of
/// batches production never saw, so no compared model has trained or been selected on any of them; while production
/// stays they keep growing, so a rejection is judged again on more rows by the next run.
/// </summary>
/// <param name="TrainingRows">Rows candidates train on (the train split).</param>
/// <param name="SelectionRows">Rows candidates are ranked on (the validation split).</param>
/// <param name="ComparisonRows">Rows the challenger and production are compared on (the holdout split).</param>
/// <param name="Basis">How the comparison rows were chosen.</param>
/// <param name="ProductionVersion">The production version whose lineage defined them, if any.</param>
/// <param name="UnseenRows">Rows in the window newer than everything production saw, before the cap.</param>
/// <param name="Description">One sentence for the run record and the CLI.</param>
public sealed record SnapshotRowSets(
    int TrainingRows,
    int SelectionRows,
    int ComparisonRows,
    ComparisonBasis Basis,
    string? ProductionVersion,
    int UnseenRows,
    string Description);
