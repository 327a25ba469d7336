namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Draws the (block) bootstrap resamples of n time-ordered rows as per-block counts (how often each block of consecutive
/// rows was drawn) and hands each to a callback, drawing the next batch of resamples while the callback runs in parallel
/// on the current one.
/// </summary>
/// <remarks>
/// <para>The rows are cut into k = ⌈n / blockRows⌉ contiguous, non-overlapping blocks (the last one may be shorter); a
/// resample draws k blocks with replacement, and every row of a drawn block counts once. With blockRows 1 the blocks are
/// the rows and this is the ordinary row bootstrap (the counts are multinomial(n; 1/n, …, 1/n)); longer blocks keep
/// neighbouring rows together, so correlation between them (recent rows are autocorrelated) is carried into the resamples.</para>
/// <para>The callback gets the k block counts rather than n row counts because every row of a block has its block's count:
/// a metric prepared per block (<see cref="WeightedMetric.InBlocks"/>) then costs O(k) per resample instead of O(n), and
/// the gate's ⌈√n⌉-row blocks make k about √n.</para>
/// <para>The draws are those of one <c>new Random(seed)</c> making k calls to <c>Next(k)</c> per resample, in resample
/// order, on the calling thread: resample i is the same whatever the number of threads. The callback receives the counts and
/// the resample's index; it may run on several threads at once, must not keep the counts after returning, and should
/// store its result at the index so that the outcome does not depend on scheduling.</para>
/// </remarks>
internal static class BootstrapResampler
{
    /// <summary>Resamples per batch and thread: enough to keep every thread busy while the next batch is drawn.</summary>
    private const int ResamplesPerThread = 2;

    /// <summary>The most resamples held at once per batch (memory: two batches of k counts each).</summary>
    private const int MaxBatch = 16;

    /// <summary>The number of blocks, ⌈<paramref name="rows"/> / <paramref name="blockRows"/>⌉, that <see cref="Run"/> counts.</summary>
    public static int Blocks(int rows, int blockRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        return rows == 0 ? 0 : ((rows - 1) / blockRows) + 1;
    }

    /// <summary>
    /// Draws <paramref name="iterations"/> resamples of <paramref name="rows"/> rows in blocks of
    /// <paramref name="blockRows"/> (1: single rows) and calls <paramref name="evaluate"/> on each with the
    /// <see cref="Blocks"/> block counts (block b holds rows b · blockRows up to the next block or the last row).
    /// </summary>
    public static void Run(int rows, int iterations, int seed, int maxDegreeOfParallelism, Action<int[], int> evaluate, int blockRows = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentNullException.ThrowIfNull(evaluate);
        var blocks = Blocks(rows, blockRows);
        var threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var random = new Random(seed);
        if (threads == 1)
        {
            var counts = new int[blocks];
            for (var iteration = 0; iteration < iterations; iteration++)
            {
                Draw(random, counts);
                evaluate(counts, iteration);
            }

            return;
        }

        var batch = Math.Clamp(ResamplesPerThread * threads, 2, MaxBatch);
        var current = NewBatch(Math.Min(batch, iterations), blocks);
        var next = NewBatch(Math.Min(batch, iterations), blocks);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var inCurrent = DrawBatch(random, current, Math.Min(batch, iterations));
        for (var start = 0; start < iterations;)
        {
            var (first, count, counts) = (start, inCurrent, current);
            var inNext = Math.Min(batch, iterations - start - count);
            var computing = Task.Run(() => Parallel.For(0, count, options, j => evaluate(counts[j], first + j)));
            DrawBatch(random, next, inNext);
            computing.GetAwaiter().GetResult();
            (current, next) = (next, current);
            start += count;
            inCurrent = inNext;
        }
    }

    private static int[][] NewBatch(int size, int blocks)
    {
        var batch = new int[size][];
        for (var j = 0; j < size; j++)
        {
            batch[j] = new int[blocks];
        }

        return batch;
    }

    private static int DrawBatch(Random random, int[][] batch, int count)
    {
        for (var j = 0; j < count; j++)
        {
            Draw(random, batch[j]);
        }

        return count;
    }

    /// <summary>k calls to <c>Next(k)</c>, one per drawn block (with k = n for single rows, as the row bootstrap always drew).</summary>
    private static void Draw(Random random, int[] counts)
    {
        Array.Clear(counts);
        var blocks = counts.Length;
        for (var draw = 0; draw < blocks; draw++)
        {
            counts[random.Next(blocks)]++;
        }
    }
}
