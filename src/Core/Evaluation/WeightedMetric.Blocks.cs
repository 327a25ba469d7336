using System.Numerics;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>The metrics prepared per block of consecutive rows (<see cref="InBlocks"/>).</summary>
internal abstract partial class WeightedMetric
{
    /// <summary>Σ counts[b] · values[b], exactly.</summary>
    private static long Dot(ReadOnlySpan<int> counts, int[] values)
    {
        long sum = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            sum += (long)counts[b] * values[b];
        }

        return sum;
    }

    /// <summary>Σ counts[b] · values[b], in block order.</summary>
    private static double Dot(ReadOnlySpan<int> counts, double[] values)
    {
        double sum = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            // A block drawn 0 times adds 0 · value: +0, or NaN for a non-finite value, as a row drawn 0 times does.
            sum += counts[b] * values[b];
        }

        return sum;
    }

    /// <summary>
    /// <see cref="Rows"/> rows cut into blocks of <see cref="BlockRows"/> consecutive rows, the last one possibly shorter,
    /// as <see cref="BootstrapResampler"/> cuts them; gives each block's sums of per-row values.
    /// </summary>
    private protected readonly record struct BlockLayout(int Rows, int BlockRows)
    {
        /// <summary>Gets the number of blocks.</summary>
        public int Count => BootstrapResampler.Blocks(Rows, BlockRows);

        /// <summary>Gets the number of rows of the longest block.</summary>
        public int Longest => Math.Min(BlockRows, Rows);

        /// <summary>The block that holds <paramref name="row"/>.</summary>
        public int BlockOf(int row) => row / BlockRows;

        /// <summary>The number of rows of each block.</summary>
        public int[] Lengths()
        {
            var lengths = new int[Count];
            for (var b = 0; b < lengths.Length; b++)
            {
                lengths[b] = Math.Min(BlockRows, Rows - (b * BlockRows));
            }

            return lengths;
        }

        /// <summary>The number of rows of each block whose <paramref name="mask"/> is set (not 0).</summary>
        public int[] CountSet(int[] mask)
        {
            var counts = new int[Count];
            for (var i = 0; i < Rows; i++)
            {
                counts[BlockOf(i)] += mask[i] != 0 ? 1 : 0;
            }

            return counts;
        }

        /// <summary>The sum of <paramref name="values"/> over each block's rows, in row order.</summary>
        public double[] Sum(double[] values)
        {
            var sums = new double[Count];
            for (var i = 0; i < Rows; i++)
            {
                sums[BlockOf(i)] += values[i];
            }

            return sums;
        }
    }

    /// <summary>The row metric itself: with blocks of one row, the block counts are the row counts.</summary>
    private sealed class RowsAsBlocks(WeightedMetric rows) : BlockMetric
    {
        public override double Compute(ReadOnlySpan<int> blockCounts) => rows.Compute(blockCounts);
    }

    /// <summary>Accuracy from each block's right rows and rows.</summary>
    private sealed class AccuracyBlocks(int[] right, int[] rows) : BlockMetric
    {
        public override double Compute(ReadOnlySpan<int> blockCounts) => Ratio(Dot(blockCounts, right), Dot(blockCounts, rows));
    }

    /// <summary>F1 from each block's true positives, false positives and false negatives.</summary>
    private sealed class F1Blocks(int[] truePositive, int[] falsePositive, int[] falseNegative) : BlockMetric
    {
        public override double Compute(ReadOnlySpan<int> blockCounts) =>
            F1Of(Dot(blockCounts, truePositive), Dot(blockCounts, falsePositive), Dot(blockCounts, falseNegative));
    }

    /// <summary>
    /// The mean of a per-row value (log-loss, absolute error) or, when <paramref name="squared"/>, the root of the mean of
    /// a squared one (RMSE), from each block's sum of the values and number of rows that count.
    /// </summary>
    private sealed class MeanBlocks(double[] sums, int[] rows, bool squared) : BlockMetric
    {
        public override double Compute(ReadOnlySpan<int> blockCounts) => MeanErrorOf(Dot(blockCounts, sums), Dot(blockCounts, rows), squared);
    }

    /// <summary>
    /// R² from each block's label sum, squared deviations about the block's own label mean and squared residuals: the
    /// spread about the resample's mean m is Σ count · (within-block spread + rows · (block mean − m)²), which avoids the
    /// cancellation of Σy² − (Σy)²/n when the labels' mean is large against their spread.
    /// </summary>
    private sealed class RSquaredBlocks : BlockMetric
    {
        private readonly int[] _rows;
        private readonly double[] _labelSum;
        private readonly double[] _labelMean;
        private readonly double[] _spreadWithin;
        private readonly double[] _residual;

        public RSquaredBlocks(BlockLayout blocks, double[] labels, double[] squaredErrors)
        {
            _rows = blocks.Lengths();
            _labelSum = blocks.Sum(labels);
            _labelMean = new double[_rows.Length];
            var deviations = new double[labels.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                var b = blocks.BlockOf(i);
                _labelMean[b] = _labelSum[b] / _rows[b];
                deviations[i] = (labels[i] - _labelMean[b]) * (labels[i] - _labelMean[b]);
            }

            _spreadWithin = blocks.Sum(deviations);
            _residual = blocks.Sum(squaredErrors);
        }

        public override double Compute(ReadOnlySpan<int> blockCounts)
        {
            var total = Dot(blockCounts, _rows);
            if (!(total > 0))
            {
                return double.NaN;
            }

            var mean = Dot(blockCounts, _labelSum) / total;
            double spread = 0;
            for (var b = 0; b < blockCounts.Length; b++)
            {
                var offset = _labelMean[b] - mean;
                spread += blockCounts[b] * (_spreadWithin[b] + (_rows[b] * offset * offset));
            }

            return RSquaredOf(Dot(blockCounts, _residual), spread);
        }
    }

    /// <summary>
    /// AUC by the row metric's walk in score order, each row counting its block's count: O(n) per resample, the same
    /// arithmetic as the row metric (so exactly its value). For blocks too short or too long for <see cref="AucPairs"/>.
    /// </summary>
    private sealed class AucInScoreOrder : BlockMetric
    {
        private readonly int[] _blockInOrder;
        private readonly int[] _positiveInOrder;
        private readonly int[] _groupEnd;

        public AucInScoreOrder(BlockLayout blocks, int[] order, int[] positiveInOrder, int[] groupEnd)
        {
            _blockInOrder = new int[order.Length];
            for (var k = 0; k < order.Length; k++)
            {
                _blockInOrder[k] = blocks.BlockOf(order[k]);
            }

            _positiveInOrder = positiveInOrder;
            _groupEnd = groupEnd;
        }

        public override double Compute(ReadOnlySpan<int> blockCounts) => Auc.InScoreOrder(blockCounts, _blockInOrder, _positiveInOrder, _groupEnd);
    }

    /// <summary>
    /// AUC from the Mann–Whitney counts of every pair of blocks: with w the block counts, the drawn area is
    /// ½ wᵀ U w, where U[b, c] counts, over the positive rows of block b and the negative rows of block c, 2 when the
    /// positive scores higher and 1 when they tie (tie groups and NaN scores as in the row metric's score order), and the
    /// drawn positives and negatives are w · P and w · N. U is built once in one walk in score order; a resample then costs
    /// k² vectorised multiply–adds (about n for the gate's ⌈√n⌉-row blocks) over an array read in order.
    /// </summary>
    /// <remarks>
    /// <para>Exact: U holds integers below 2²⁴ (blocks of at most <see cref="MaxBlockRows"/> rows) and the area integers
    /// below 2⁵³, so float storage and any summation order give the row metric's value to the bit.</para>
    /// <para>Measured per resample and model on 2 cores busy with other work (so give or take twofold), binary, 40 %
    /// positives, continuous scores, ⌈√n⌉-row blocks. 200,000 rows (447 blocks): about 0.1 ms here, 0.5–0.7 ms walking
    /// the score order with block counts (<see cref="AucInScoreOrder"/>), 1–2.5 ms expanding row counts and walking as
    /// before. 2,000,000 rows (1,414 blocks): 0.35–0.45 ms, 4.5–5.5 ms and 20–36 ms. Building U took 0.01–0.03 s and
    /// 0.3–0.65 s once per model, beside the 0.05 s and 0.4–0.75 s sort that the row metric needs anyway. Hence the
    /// pairs whenever they fit, and the walk otherwise.</para>
    /// </remarks>
    private sealed class AucPairs : BlockMetric
    {
        /// <summary>The longest block whose counts stay exact in a float: 2 · 2896² &lt; 2²⁴.</summary>
        private const int MaxBlockRows = 2896;

        private readonly int _blocks;
        private readonly float[] _pairs;
        private readonly int[] _positives;
        private readonly int[] _negatives;

        public AucPairs(BlockLayout blocks, int[] order, int[] positiveInOrder, int[] groupEnd)
        {
            _blocks = blocks.Count;
            _pairs = new float[_blocks * _blocks];
            _positives = new int[_blocks];
            _negatives = new int[_blocks];

            // Twice the negatives of each block scored below the current tie group, plus the group's own while its
            // positives are added (a tie counts one half).
            var below = new float[_blocks];
            var k = 0;
            foreach (var end in groupEnd)
            {
                var start = k;
                AddNegatives(start, end);
                for (k = start; k < end; k++)
                {
                    if (positiveInOrder[k] == 1)
                    {
                        var b = blocks.BlockOf(order[k]);
                        _positives[b]++;
                        AddTo(_pairs.AsSpan(b * _blocks, _blocks), below);
                    }
                }

                AddNegatives(start, end);
            }

            for (k = 0; k < order.Length; k++)
            {
                _negatives[blocks.BlockOf(order[k])] += 1 - positiveInOrder[k];
            }

            void AddNegatives(int start, int end)
            {
                for (var r = start; r < end; r++)
                {
                    below[blocks.BlockOf(order[r])] += 1 - positiveInOrder[r];
                }
            }
        }

        /// <summary>
        /// Whether the pairs suit <paramref name="blocks"/>: blocks short enough for exact float counts and at most twice as
        /// many blocks as rows per block (k² ≤ 2n: no more work per resample than the walk, at most 8 bytes per row).
        /// </summary>
        public static bool Fits(BlockLayout blocks) => blocks.Longest <= MaxBlockRows && blocks.Count <= 2 * blocks.Longest;

        public override double Compute(ReadOnlySpan<int> blockCounts)
        {
            // At most 2 · MaxBlockRows blocks (Fits): 46 KB of stack.
            Span<double> weights = stackalloc double[_blocks];
            for (var c = 0; c < _blocks; c++)
            {
                weights[c] = blockCounts[c];
            }

            double twiceArea = 0;
            for (var b = 0; b < _blocks; b++)
            {
                if (blockCounts[b] != 0 && _positives[b] != 0)
                {
                    twiceArea += blockCounts[b] * WeightedSum(_pairs.AsSpan(b * _blocks, _blocks), weights);
                }
            }

            double positives = Dot(blockCounts, _positives), negatives = Dot(blockCounts, _negatives);
            return positives > 0 && negatives > 0 ? 0.5 * twiceArea / (positives * negatives) : double.NaN;
        }

        private static void AddTo(Span<float> target, ReadOnlySpan<float> values)
        {
            var i = 0;
            for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(target[i..]) + new Vector<float>(values[i..])).CopyTo(target[i..]);
            }

            for (; i < target.Length; i++)
            {
                target[i] += values[i];
            }
        }

        /// <summary>Σ row[c] · weights[c], in double (exact here: integer products and sums below 2⁵³).</summary>
        private static double WeightedSum(ReadOnlySpan<float> row, ReadOnlySpan<double> weights)
        {
            Vector<double> low = Vector<double>.Zero, high = Vector<double>.Zero;
            var c = 0;
            for (; c <= row.Length - Vector<float>.Count; c += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(row[c..]), out var first, out var second);
                low += first * new Vector<double>(weights[c..]);
                high += second * new Vector<double>(weights[(c + Vector<double>.Count)..]);
            }

            var sum = Vector.Sum(low + high);
            for (; c < row.Length; c++)
            {
                sum += row[c] * weights[c];
            }

            return sum;
        }
    }

    /// <summary>
    /// Macro accuracy or macro F1 from each block's per-class numerator and denominator counts (see <see cref="ClassTallies"/>).
    /// </summary>
    private sealed class MacroBlocks(int[] start, int[] classOf, int[] numerator, int[] denominator, int classes, double scale) : BlockMetric
    {
        /// <summary>Classes up to which the per-class sums of a resample live on the stack.</summary>
        private const int StackClasses = 256;

        public override double Compute(ReadOnlySpan<int> blockCounts)
        {
            Span<long> numerators = classes <= StackClasses ? stackalloc long[StackClasses] : new long[classes];
            Span<long> denominators = classes <= StackClasses ? stackalloc long[StackClasses] : new long[classes];
            numerators.Clear();
            denominators.Clear();
            for (var b = 0; b < blockCounts.Length; b++)
            {
                long count = blockCounts[b];
                if (count == 0)
                {
                    continue;
                }

                for (var e = start[b]; e < start[b + 1]; e++)
                {
                    numerators[classOf[e]] += count * numerator[e];
                    denominators[classOf[e]] += count * denominator[e];
                }
            }

            return MacroMean(numerators[..classes], denominators[..classes], scale);
        }
    }

    /// <summary>
    /// Collects, block by block, the per-class counts of <see cref="MacroBlocks"/>: only the classes that occur in a block
    /// are kept (block b's entries are start[b] up to start[b + 1]), so a resample costs one step per (block, class)
    /// pair, at most one per row however many classes there are.
    /// </summary>
    private sealed class ClassTallies
    {
        private readonly BlockLayout _blocks;
        private readonly int _classes;
        private readonly List<int> _start = [0];
        private readonly List<int> _classOf = [];
        private readonly List<int> _numerator = [];
        private readonly List<int> _denominator = [];
        private readonly int[] _entryOf;

        public ClassTallies(BlockLayout blocks, int classes)
        {
            _blocks = blocks;
            _classes = classes;
            _entryOf = new int[classes];
            Array.Fill(_entryOf, -1);
        }

        /// <summary>Counts one row of <paramref name="row"/>'s block for <paramref name="class"/>, adding <paramref name="numerator"/> (0 or 1); rows come in order.</summary>
        public void Add(int row, int @class, int numerator)
        {
            var block = _blocks.BlockOf(row);
            while (_start.Count <= block)
            {
                CloseBlock();
            }

            var entry = _entryOf[@class];
            if (entry < 0)
            {
                entry = _entryOf[@class] = _classOf.Count;
                _classOf.Add(@class);
                _numerator.Add(0);
                _denominator.Add(0);
            }

            _numerator[entry] += numerator;
            _denominator[entry]++;
        }

        /// <summary>The macro mean of <paramref name="scale"/> · numerator / denominator over the classes (see <see cref="MacroMean"/>).</summary>
        public BlockMetric ToMacroMean(double scale)
        {
            while (_start.Count <= _blocks.Count)
            {
                CloseBlock();
            }

            return new MacroBlocks([.. _start], [.. _classOf], [.. _numerator], [.. _denominator], _classes, scale);
        }

        private void CloseBlock()
        {
            for (var e = _start[^1]; e < _classOf.Count; e++)
            {
                _entryOf[_classOf[e]] = -1;
            }

            _start.Add(_classOf.Count);
        }
    }
}
