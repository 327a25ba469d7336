namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Draws the bootstrap resamples of n rows as per-row counts (how often each row was drawn; the counts of a resample
/// are multinomial(n; 1/n, …, 1/n)) and hands each to a callback, drawing the next block of resamples while the callback
/// runs in parallel on the current one.
/// </summary>
/// <remarks>
/// The draws are those of one <c>new Random(seed)</c> making n calls to <c>Next(n)</c> per resample, in resample order,
/// on the calling thread: resample i is the same whatever the number of threads. The callback receives the counts and
/// the resample's index; it may run on several threads at once, must not keep the counts after returning, and should
/// store its result at the index so that the outcome does not depend on scheduling.
/// </remarks>
internal static class BootstrapResampler
{
    /// <summary>Resamples per block and thread: enough to keep every thread busy while the next block is drawn.</summary>
    private const int ResamplesPerThread = 2;

    /// <summary>The most resamples held at once per block (memory: two blocks of n counts each).</summary>
    private const int MaxBlock = 16;

    /// <summary>Draws <paramref name="iterations"/> resamples of <paramref name="rows"/> rows and calls <paramref name="evaluate"/> on each.</summary>
    public static void Run(int rows, int iterations, int seed, int maxDegreeOfParallelism, Action<int[], int> evaluate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentNullException.ThrowIfNull(evaluate);
        var threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var random = new Random(seed);
        if (threads == 1)
        {
            var counts = new int[rows];
            for (var iteration = 0; iteration < iterations; iteration++)
            {
                Draw(random, counts);
                evaluate(counts, iteration);
            }

            return;
        }

        var block = Math.Clamp(ResamplesPerThread * threads, 2, MaxBlock);
        var current = NewBlock(Math.Min(block, iterations), rows);
        var next = NewBlock(Math.Min(block, iterations), rows);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var inCurrent = DrawBlock(random, current, Math.Min(block, iterations));
        for (var start = 0; start < iterations;)
        {
            var (first, count, counts) = (start, inCurrent, current);
            var inNext = Math.Min(block, iterations - start - count);
            var computing = Task.Run(() => Parallel.For(0, count, options, j => evaluate(counts[j], first + j)));
            DrawBlock(random, next, inNext);
            computing.GetAwaiter().GetResult();
            (current, next) = (next, current);
            start += count;
            inCurrent = inNext;
        }
    }

    private static int[][] NewBlock(int size, int rows)
    {
        var block = new int[size][];
        for (var j = 0; j < size; j++)
        {
            block[j] = new int[rows];
        }

        return block;
    }

    private static int DrawBlock(Random random, int[][] block, int count)
    {
        for (var j = 0; j < count; j++)
        {
            Draw(random, block[j]);
        }

        return count;
    }

    private static void Draw(Random random, int[] counts)
    {
        Array.Clear(counts);
        var n = counts.Length;
        for (var draw = 0; draw < n; draw++)
        {
            counts[random.Next(n)]++;
        }
    }
}
