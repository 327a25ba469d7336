namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Which accepted rows form the training snapshot: the newest <see cref="MaxRows"/> rows, optionally only
/// those younger than <see cref="MaxAgeDays"/> (by timestamp, relative to the newest row). Both unset: expanding window.
/// </summary>
public sealed record WindowSpec
{
    /// <summary>Gets the maximum number of rows in the window. <value>Default: 50,000; 0 means unlimited.</value></summary>
    public int MaxRows { get; init; } = 50_000;

    /// <summary>Gets the maximum age of rows in days, measured back from the newest row. <value>Default: unset.</value></summary>
    public double? MaxAgeDays { get; init; }

    /// <summary>
    /// Gets extra training windows to try, in rows: for each trainer, one more candidate per window is trained in the
    /// fan-out on the newest N rows of the train split (windows not smaller than the train split are skipped), and the
    /// candidates compete on the time-ordered validation split like trainers do. The refit of the chosen candidate uses
    /// the newest N rows of the whole snapshot. <value>Default: empty (one candidate per trainer, on the whole train split).</value>
    /// </summary>
    public IReadOnlyList<int> CandidateRows { get; init; } = [];

    /// <summary>
    /// Gets extra training windows to try as shares of the rows: for each trainer, one more candidate per share is trained
    /// on the newest share of the training rows and ranked on the selection rows with the others; the refit of the chosen
    /// one uses the same share of the whole snapshot. <c>retrain init</c> writes 1/8, 1/4 and 1/2, so with the whole
    /// window the system picks among four windows by itself. <value>Default: empty.</value>
    /// </summary>
    public IReadOnlyList<double> CandidateFractions { get; init; } = [];

    /// <summary>
    /// Gets recency half-lives to try, as shares of the training rows: for each trainer, one more candidate per share trains on
    /// all of its rows weighted by 0.5^(age / (share × rows)), age counted in rows back from the newest, and is ranked on the
    /// selection rows with the windows; the refit of the chosen one weighs the whole snapshot with the same share of its rows.
    /// A stream whose recent past matters more than its distant past, but not to the point of dropping it, is served by
    /// these. Not combined with <see cref="RecencyHalfLifeRows"/>, which weights every candidate. <value>Default: empty.</value>
    /// </summary>
    public IReadOnlyList<double> CandidateHalfLives { get; init; } = [];

    /// <summary>
    /// Gets the recency half-life in rows: when set, every candidate (and the refit) weights its training rows by
    /// 0.5^(age / half-life), age counted in rows back from the newest. <value>Default: unset (all rows weigh 1).</value>
    /// </summary>
    public double? RecencyHalfLifeRows { get; init; }
}
