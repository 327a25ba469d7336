namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// One metric of one model's <see cref="HoldoutPredictions"/> under block multiplicities: how often each block of
/// consecutive rows was drawn in a (block) bootstrap resample of <see cref="BootstrapResampler"/>, every row of a block
/// counting as often as its block. Prepared from the row metric by <see cref="WeightedMetric.InBlocks"/>, so that a
/// resample costs about one step per block rather than one per row; <see cref="Compute"/> may run on several threads at once.
/// </summary>
internal abstract class BlockMetric
{
    /// <summary>
    /// The metric's value when every row of block <c>b</c> counts <paramref name="blockCounts"/>[b] times, or NaN when
    /// undefined (e.g. AUC of one class): <see cref="WeightedMetric.Compute"/> of the row counts the block counts expand to.
    /// </summary>
    public abstract double Compute(ReadOnlySpan<int> blockCounts);
}
