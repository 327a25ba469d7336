namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Draws the (block) bootstrap resamples of n time-ordered rows as per-row counts (how often each row was drawn) and
/// hands each to a callback, drawing the next batch of resamples while the callback runs in parallel on the current one.
/// </summary>
/// <remarks>
/// <para>The rows are cut into k = ⌈n / blockRows⌉ contiguous, non-overlapping blocks (the last one may be shorter); a
/// resample draws k blocks with replacement and counts every row of a drawn block once. With blockRows 1 this is the
/// ordinary row bootstrap (the counts are multinomial(n; 1/n, …, 1/n)); longer blocks keep neighbouring rows together,
/// so correlation between them (recent rows are autocorrelated) is carried into the resamples.</para>
/// <para>The draws are those of one <c>new Random(seed)</c> making k calls to <c>Next(k)</c> per resample, in resample
/// order, on the calling thread: resample i is the same whatever the number of threads. The callback receives the counts and
/// the resample's index; it may run on several threads at once, must not keep the counts after returning, and should
/// store its result at the index so that the outcome does not depend on scheduling.</para>
/// </remarks>
internal static class BootstrapResampler
{
    /// <summary>Resamples per batch and thread: enough to keep every thread busy while the next batch is drawn.</summary>
    private const int ResamplesPerThread = 2;

    /// <summary>The most resamples held at once per batch (memory: two batches of n counts each).</summary>
    private const int MaxBatch = 16;

    /// <summary>
    /// Draws <paramref name="iterations"/> resamples of <paramref name="rows"/> rows in blocks of
    /// <paramref name="blockRows"/> (1: single rows) and calls <paramref name="evaluate"/> on each.
    /// </summary>
    public static void Run(int rows, int iterations, int seed, int maxDegreeOfParallelism, Action<int[], int> evaluate, int blockRows = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        ArgumentNullException.ThrowIfNull(evaluate);
        blockRows = Math.Min(blockRows, rows);
        var threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var random = new Random(seed);
        if (threads == 1)
        {
            var counts = new int[rows];
            for (var iteration = 0; iteration < iterations; iteration++)
            {
                Draw(random, counts, blockRows);
                evaluate(counts, iteration);
            }

            return;
        }

        var batch = Math.Clamp(ResamplesPerThread * threads, 2, MaxBatch);
        var current = NewBatch(Math.Min(batch, iterations), rows);
        var next = NewBatch(Math.Min(batch, iterations), rows);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var inCurrent = DrawBatch(random, current, Math.Min(batch, iterations), blockRows);
        for (var start = 0; start < iterations;)
        {
            var (first, count, counts) = (start, inCurrent, current);
            var inNext = Math.Min(batch, iterations - start - count);
            var computing = Task.Run(() => Parallel.For(0, count, options, j => evaluate(counts[j], first + j)));
            DrawBatch(random, next, inNext, blockRows);
            computing.GetAwaiter().GetResult();
            (current, next) = (next, current);
            start += count;
            inCurrent = inNext;
        }
    }

    private static int[][] NewBatch(int size, int rows)
    {
        var batch = new int[size][];
        for (var j = 0; j < size; j++)
        {
            batch[j] = new int[rows];
        }

        return batch;
    }

    private static int DrawBatch(Random random, int[][] batch, int count, int blockRows)
    {
        for (var j = 0; j < count; j++)
        {
            Draw(random, batch[j], blockRows);
        }

        return count;
    }

    private static void Draw(Random random, int[] counts, int blockRows)
    {
        Array.Clear(counts);
        var n = counts.Length;
        if (blockRows == 1)
        {
            for (var draw = 0; draw < n; draw++)
            {
                counts[random.Next(n)]++;
            }

            return;
        }

        var blocks = ((n - 1) / blockRows) + 1;
        var span = counts.AsSpan();
        for (var draw = 0; draw < blocks; draw++)
        {
            var start = random.Next(blocks) * blockRows;
            foreach (ref var count in span.Slice(start, Math.Min(blockRows, n - start)))
            {
                count++;
            }
        }
    }
}
