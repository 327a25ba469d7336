namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Challenger against champion on one automatic slice of the holdout (one categorical value, or one numeric quantile bin).
/// </summary>
/// <param name="Feature">The feature column.</param>
/// <param name="Slice">The slice: <c>= value</c> or <c>in [low, high)</c>.</param>
/// <param name="Rows">Holdout rows in the slice.</param>
/// <param name="ChallengerWorse">Rows where only the champion is right (classification) or the challenger's absolute error is larger (regression).</param>
/// <param name="ChallengerBetter">The converse.</param>
/// <param name="PValue">One-sided exact sign test that the challenger is worse, over time blocks: P(X ≥ worse blocks), X ~ Binomial(worse + better blocks, ½).</param>
/// <param name="AdjustedPValue">The p-value after the report's multiple-testing correction (Holm).</param>
/// <param name="Regressed">Whether the adjusted p-value is below the gate's slice alpha.</param>
/// <param name="BlockRows">The length of the contiguous time blocks the test counts (1: single rows).</param>
/// <param name="WorseBlocks">Blocks whose slice rows are more often worse than better for the challenger.</param>
/// <param name="BetterBlocks">The converse.</param>
public sealed record SliceComparison(
    string Feature,
    string Slice,
    int Rows,
    int ChallengerWorse,
    int ChallengerBetter,
    double PValue,
    double AdjustedPValue,
    bool Regressed,
    int BlockRows = 1,
    int WorseBlocks = 0,
    int BetterBlocks = 0);
