using System.Numerics;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// One metric of one model's <see cref="HoldoutPredictions"/> under row multiplicities (how often each row was drawn in a
/// bootstrap resample; all ones for the whole holdout). Everything that does not depend on the counts (the score order
/// and tie groups for AUC, the class index for macro accuracy, the per-row values as arrays) is prepared once, so a
/// resample costs one linear pass over the rows and allocates nothing; <see cref="Compute"/> may run on several threads
/// at once.
/// </summary>
/// <remarks>
/// Counts are summed as integers (exactly: a resample's counts add up to the row count) and each metric is evaluated
/// with the same floating-point operations, in the same row order, as a weighted sum with weights equal to the counts,
/// so the values do not depend on how the counts were stored. A block bootstrap, where every row of a block of consecutive
/// rows has its block's count, uses the same metric prepared per block (<see cref="InBlocks"/>).
/// </remarks>
internal abstract partial class WeightedMetric
{
    /// <summary>
    /// The metric's value when row <c>i</c> counts <paramref name="counts"/>[i] times, or NaN when undefined (e.g. AUC of one
    /// class). The counts must add up to at most <see cref="int.MaxValue"/> (a resample's add up to the row count).
    /// </summary>
    public abstract double Compute(ReadOnlySpan<int> counts);

    /// <summary>
    /// This metric under counts of blocks of <paramref name="blockRows"/> consecutive rows, cut as
    /// <see cref="BootstrapResampler"/> cuts them: its value for block counts is <see cref="Compute"/>'s for the row counts
    /// they expand to, up to the order of floating-point sums (exactly for metrics of integer counts, and for AUC).
    /// </summary>
    /// <remarks>
    /// Every row of a block has the block's count, so sums over rows become sums over blocks of count × block sum, with the
    /// block sums prepared here: a resample then costs O(k) for k blocks instead of O(n) (AUC: see <see cref="AucPairs"/>).
    /// With <paramref name="blockRows"/> 1 the blocks are the rows and the row metric itself is used.
    /// </remarks>
    public BlockMetric InBlocks(int blockRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        return blockRows == 1 ? new RowsAsBlocks(this) : PerBlock(new BlockLayout(Rows, blockRows));
    }

    /// <summary>Prepares <paramref name="metric"/> for <paramref name="predictions"/>, or returns null when the predictions cannot give it.</summary>
    public static WeightedMetric? For(HoldoutPredictions predictions, EvaluationMetric metric)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return (predictions.Task, metric) switch
        {
            (ModelTask.BinaryClassification, EvaluationMetric.Accuracy) or (ModelTask.MulticlassClassification, EvaluationMetric.MicroAccuracy) => new Accuracy(predictions.Correct),
            (ModelTask.BinaryClassification, EvaluationMetric.Auc) => new Auc(predictions.Labels, predictions.Scores),
            (ModelTask.BinaryClassification, EvaluationMetric.F1) when predictions.PredictedPositive is { } predicted => new F1(predictions.Labels, predicted),
            (ModelTask.BinaryClassification or ModelTask.MulticlassClassification, EvaluationMetric.LogLoss) when predictions.RowLogLoss is { } loss => new MeanLoss(loss),
            (ModelTask.MulticlassClassification, EvaluationMetric.MacroAccuracy) when predictions.Classes is { } classes => MacroMetric.ForAccuracy(classes, predictions.Correct),
            (ModelTask.MulticlassClassification, EvaluationMetric.MacroF1) when predictions is { Classes: { } truth, PredictedClasses: { } predicted } => MacroMetric.ForF1(truth, predicted),
            (ModelTask.Regression, EvaluationMetric.Mae) => new MeanError(predictions.Labels, predictions.Scores, squared: false),
            (ModelTask.Regression, EvaluationMetric.Rmse) => new MeanError(predictions.Labels, predictions.Scores, squared: true),
            (ModelTask.Regression, EvaluationMetric.RSquared) => new RSquared(predictions.Labels, predictions.Scores),
            _ => null,
        };
    }

    /// <summary>Gets the number of rows the metric was prepared for.</summary>
    private protected abstract int Rows { get; }

    /// <summary>The metric prepared for counts of the blocks of <paramref name="blocks"/> (blocks longer than one row).</summary>
    private protected abstract BlockMetric PerBlock(BlockLayout blocks);

    /// <summary><paramref name="part"/> / <paramref name="total"/>, or NaN when nothing was counted.</summary>
    private static double Ratio(double part, double total) => total > 0 ? part / total : double.NaN;

    /// <summary>F1 = 2·TP / (2·TP + FP + FN), or NaN without any positive true or predicted row.</summary>
    private static double F1Of(double truePositive, double falsePositive, double falseNegative) =>
        truePositive + falsePositive + falseNegative > 0 ? 2 * truePositive / ((2 * truePositive) + falsePositive + falseNegative) : double.NaN;

    /// <summary>MAE from the summed absolute errors, or RMSE from the summed squared errors, of <paramref name="total"/> rows.</summary>
    private static double MeanErrorOf(double sum, double total, bool squared) =>
        !(total > 0) ? double.NaN : squared ? Math.Sqrt(sum / total) : sum / total;

    /// <summary>
    /// The mean over the classes with a positive <paramref name="denominator"/> of <paramref name="scale"/> ·
    /// numerator / denominator (macro accuracy: scale 1; macro F1: scale 2), or NaN when no class has one.
    /// </summary>
    private static double MacroMean(ReadOnlySpan<long> numerator, ReadOnlySpan<long> denominator, double scale)
    {
        double sum = 0;
        var present = 0;
        for (var c = 0; c < denominator.Length; c++)
        {
            if (denominator[c] > 0)
            {
                sum += scale * numerator[c] / denominator[c];
                present++;
            }
        }

        return present > 0 ? sum / present : double.NaN;
    }

    /// <summary>R² = 1 − residual / spread, or NaN when the drawn labels do not spread.</summary>
    private static double RSquaredOf(double residual, double spread) => spread > 0 ? 1 - (residual / spread) : double.NaN;

    /// <summary>The index of class <paramref name="name"/>, numbering new classes in order of appearance.</summary>
    private static int IndexOf(Dictionary<string, int> index, string name)
    {
        if (!index.TryGetValue(name, out var c))
        {
            c = index[name] = index.Count;
        }

        return c;
    }

    private static T[] ToArray<T>(IReadOnlyList<T> values)
    {
        if (values is T[] array)
        {
            return array;
        }

        var copy = new T[values.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
        }

        return copy;
    }

    /// <summary>The sum of the counts (exact: a resample's counts add up to the row count, an int).</summary>
    private static double Total(ReadOnlySpan<int> counts)
    {
        var sum = Vector<int>.Zero;
        var i = 0;
        for (; i <= counts.Length - Vector<int>.Count; i += Vector<int>.Count)
        {
            sum += new Vector<int>(counts[i..]);
        }

        long total = Vector.Sum(sum);
        for (; i < counts.Length; i++)
        {
            total += counts[i];
        }

        return total;
    }

    /// <summary>The sum of the counts of the rows whose mask is −1 (all bits set; the others are 0).</summary>
    private static double MaskedSum(ReadOnlySpan<int> counts, int[] mask)
    {
        var masks = mask.AsSpan(0, counts.Length);
        var sum = Vector<int>.Zero;
        var i = 0;
        for (; i <= counts.Length - Vector<int>.Count; i += Vector<int>.Count)
        {
            sum += new Vector<int>(counts[i..]) & new Vector<int>(masks[i..]);
        }

        long total = Vector.Sum(sum);
        for (; i < counts.Length; i++)
        {
            total += counts[i] & masks[i];
        }

        return total;
    }

    /// <summary>−1 (all bits set) where <paramref name="selected"/> holds, else 0, per element of <paramref name="values"/>.</summary>
    private static int[] Mask<T>(IReadOnlyList<T> values, Func<T, bool> selected)
    {
        var mask = new int[values.Count];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = selected(values[i]) ? -1 : 0;
        }

        return mask;
    }

    private sealed class Accuracy(IReadOnlyList<bool> correct) : WeightedMetric
    {
        private readonly int[] _correct = Mask(correct, c => c);

        private protected override int Rows => _correct.Length;

        public override double Compute(ReadOnlySpan<int> counts) => Ratio(MaskedSum(counts, _correct), Total(counts));

        private protected override BlockMetric PerBlock(BlockLayout blocks) => new AccuracyBlocks(blocks.CountSet(_correct), blocks.Lengths());
    }

    private sealed class MeanLoss : WeightedMetric
    {
        // Rows without a finite loss are left out: their loss is stored as 0 and their count masked to 0.
        private readonly double[] _loss;
        private readonly int[] _mask;

        public MeanLoss(IReadOnlyList<double> loss)
        {
            _loss = new double[loss.Count];
            _mask = new int[loss.Count];
            for (var i = 0; i < _loss.Length; i++)
            {
                var finite = double.IsFinite(loss[i]);
                _loss[i] = finite ? loss[i] : 0;
                _mask[i] = finite ? -1 : 0;
            }
        }

        private protected override int Rows => _loss.Length;

        public override double Compute(ReadOnlySpan<int> counts)
        {
            var loss = _loss.AsSpan(0, counts.Length);
            var mask = _mask.AsSpan(0, counts.Length);
            double sum = 0;
            long total = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                // A row drawn 0 times adds 0 · loss = +0, which leaves the sum unchanged.
                var count = counts[i] & mask[i];
                sum += count * loss[i];
                total += count;
            }

            return Ratio(sum, total);
        }

        private protected override BlockMetric PerBlock(BlockLayout blocks) => new MeanBlocks(blocks.Sum(_loss), blocks.CountSet(_mask), squared: false);
    }

    private sealed class F1 : WeightedMetric
    {
        private readonly int[] _truePositive;
        private readonly int[] _falsePositive;
        private readonly int[] _falseNegative;

        public F1(IReadOnlyList<double> labels, IReadOnlyList<bool> predicted)
        {
            var rows = Enumerable.Range(0, labels.Count).ToArray();
            _truePositive = Mask(rows, i => predicted[i] && labels[i] > 0.5);
            _falsePositive = Mask(rows, i => predicted[i] && !(labels[i] > 0.5));
            _falseNegative = Mask(rows, i => !predicted[i] && labels[i] > 0.5);
        }

        private protected override int Rows => _truePositive.Length;

        public override double Compute(ReadOnlySpan<int> counts) =>
            F1Of(MaskedSum(counts, _truePositive), MaskedSum(counts, _falsePositive), MaskedSum(counts, _falseNegative));

        private protected override BlockMetric PerBlock(BlockLayout blocks) =>
            new F1Blocks(blocks.CountSet(_truePositive), blocks.CountSet(_falsePositive), blocks.CountSet(_falseNegative));
    }

    /// <summary>
    /// Weighted Mann–Whitney AUC over the scores sorted once; tied scores form one group whose pairs count one half
    /// (midranks). A resample walks the rows in score order once, summing each group's drawn positives and negatives.
    /// </summary>
    private sealed class Auc : WeightedMetric
    {
        private readonly int[] _order;
        private readonly int[] _positiveInOrder;
        private readonly int[] _groupEnd;

        public Auc(IReadOnlyList<double> labels, IReadOnlyList<double> scores)
        {
            var n = labels.Count;
            var sortedScores = new double[n];
            _order = new int[n];
            for (var i = 0; i < n; i++)
            {
                sortedScores[i] = scores[i];
                _order[i] = i;
            }

            // Rows of equal score end up in one group whatever their order within it, so an unstable sort is fine.
            Array.Sort(sortedScores, _order);
            _positiveInOrder = new int[n];
            for (var k = 0; k < n; k++)
            {
                _positiveInOrder[k] = labels[_order[k]] > 0.5 ? 1 : 0;
            }

            var ends = new List<int>();
            for (var k = 1; k <= n; k++)
            {
                // NaN never equals itself, so every NaN score is a group of its own (as before the scores were sorted).
                if (k == n || !(sortedScores[k] == sortedScores[k - 1]))
                {
                    ends.Add(k);
                }
            }

            _groupEnd = [.. ends];
        }

        private protected override int Rows => _order.Length;

        public override double Compute(ReadOnlySpan<int> counts) => InScoreOrder(counts, _order, _positiveInOrder, _groupEnd);

        private protected override BlockMetric PerBlock(BlockLayout blocks) =>
            AucPairs.Fits(blocks) ? new AucPairs(blocks, _order, _positiveInOrder, _groupEnd) : new AucInScoreOrder(blocks, _order, _positiveInOrder, _groupEnd);

        /// <summary>
        /// The AUC when the <c>k</c>-th row in score order counts <paramref name="counts"/>[<paramref name="countOf"/>[k]]
        /// times: the row itself (<paramref name="countOf"/> the score order) or its block.
        /// </summary>
        internal static double InScoreOrder(ReadOnlySpan<int> counts, int[] countOf, int[] positiveInOrder, int[] groupEnd)
        {
            double area = 0, negativesBelow = 0, positives = 0;
            var k = 0;
            foreach (var end in groupEnd)
            {
                long groupAll = 0, groupPositives = 0;
                for (; k < end; k++)
                {
                    var count = counts[countOf[k]];
                    groupAll += count;
                    groupPositives += count * positiveInOrder[k];
                }

                double drawnPositives = groupPositives, drawnNegatives = groupAll - groupPositives;
                area += drawnPositives * (negativesBelow + (0.5 * drawnNegatives));
                negativesBelow += drawnNegatives;
                positives += drawnPositives;
            }

            return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : double.NaN;
        }
    }

    /// <summary>
    /// Macro accuracy — the mean, over the classes among the drawn rows, of each class's accuracy — or macro F1: the mean,
    /// over the classes that occur as a true or a predicted class among the drawn rows, of each class's
    /// F1 = 2·TP / (2·TP + FP + FN) (scikit-learn's <c>f1_score(average="macro")</c>). Rows and blocks share one
    /// computation: a row is a block of one row (<see cref="ClassTallies"/>).
    /// </summary>
    private sealed class MacroMetric : WeightedMetric
    {
        private readonly int[] _truth;
        private readonly int[]? _predicted;
        private readonly bool[] _right;
        private readonly int _classes;
        private readonly BlockMetric _perRow;

        private MacroMetric(IReadOnlyList<string> truth, IReadOnlyList<string>? predicted, IReadOnlyList<bool>? correct)
        {
            // Classes are numbered in order of appearance, true class before predicted class: the order of the sum over them.
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            _truth = new int[truth.Count];
            _predicted = predicted is null ? null : new int[truth.Count];
            _right = new bool[truth.Count];
            for (var i = 0; i < _truth.Length; i++)
            {
                _truth[i] = IndexOf(index, truth[i]);
                if (_predicted is not null)
                {
                    _predicted[i] = IndexOf(index, predicted![i]);
                }

                _right[i] = correct?[i] ?? _truth[i] == _predicted![i];
            }

            _classes = index.Count;
            _perRow = PerBlock(new BlockLayout(_truth.Length, 1));
        }

        private protected override int Rows => _truth.Length;

        /// <summary>Macro accuracy of the rows' true <paramref name="classes"/>, whether each was classified <paramref name="correct"/>ly.</summary>
        public static MacroMetric ForAccuracy(IReadOnlyList<string> classes, IReadOnlyList<bool> correct) => new(classes, null, correct);

        /// <summary>Macro F1 of the rows' <paramref name="truth"/> and <paramref name="predicted"/> classes.</summary>
        public static MacroMetric ForF1(IReadOnlyList<string> truth, IReadOnlyList<string> predicted) => new(truth, predicted, null);

        public override double Compute(ReadOnlySpan<int> counts) => _perRow.Compute(counts);

        private protected override BlockMetric PerBlock(BlockLayout blocks)
        {
            // Accuracy: each row adds 1 to its class's rows and, when right, 1 to its right rows. F1, as 2·TP + FP + FN =
            // (TP + FN) + (TP + FP): each row adds 1 to its true class (and a true positive when right) and 1 to its predicted class.
            var tallies = new ClassTallies(blocks, _classes);
            for (var i = 0; i < _truth.Length; i++)
            {
                tallies.Add(i, _truth[i], _right[i] ? 1 : 0);
                if (_predicted is not null)
                {
                    tallies.Add(i, _predicted[i], 0);
                }
            }

            return tallies.ToMacroMean(_predicted is null ? 1.0 : 2.0);
        }
    }

    /// <summary>A regression metric: the labels and predictions as arrays.</summary>
    private abstract class RegressionMetric(IReadOnlyList<double> labels, IReadOnlyList<double> scores) : WeightedMetric
    {
        protected double[] Labels { get; } = ToArray(labels);

        protected double[] Scores { get; } = ToArray(scores);

        private protected override int Rows => Labels.Length;

        /// <summary>Each row's absolute error or, when <paramref name="squared"/>, squared error, in row order.</summary>
        protected double[] Errors(bool squared)
        {
            var errors = new double[Labels.Length];
            for (var i = 0; i < errors.Length; i++)
            {
                var error = Labels[i] - Scores[i];
                errors[i] = squared ? error * error : Math.Abs(error);
            }

            return errors;
        }
    }

    /// <summary>MAE (the mean absolute error) or, when <paramref name="squared"/>, RMSE (the root of the mean squared error).</summary>
    private sealed class MeanError(IReadOnlyList<double> labels, IReadOnlyList<double> scores, bool squared) : RegressionMetric(labels, scores)
    {
        public override double Compute(ReadOnlySpan<int> counts)
        {
            var labels = Labels.AsSpan(0, counts.Length);
            var scores = Scores.AsSpan(0, counts.Length);
            double sum = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                var error = labels[i] - scores[i];
                sum += squared ? counts[i] * error * error : counts[i] * Math.Abs(error);
            }

            return MeanErrorOf(sum, Total(counts), squared);
        }

        private protected override BlockMetric PerBlock(BlockLayout blocks) => new MeanBlocks(blocks.Sum(Errors(squared)), blocks.Lengths(), squared);
    }

    private sealed class RSquared(IReadOnlyList<double> labels, IReadOnlyList<double> scores) : RegressionMetric(labels, scores)
    {
        public override double Compute(ReadOnlySpan<int> counts)
        {
            var labels = Labels.AsSpan(0, counts.Length);
            var scores = Scores.AsSpan(0, counts.Length);
            double mean = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                mean += counts[i] * labels[i];
            }

            var total = Total(counts);
            if (!(total > 0))
            {
                return double.NaN;
            }

            mean /= total;
            double residual = 0, spread = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                residual += counts[i] * (labels[i] - scores[i]) * (labels[i] - scores[i]);
                spread += counts[i] * (labels[i] - mean) * (labels[i] - mean);
            }

            return RSquaredOf(residual, spread);
        }

        private protected override BlockMetric PerBlock(BlockLayout blocks) => new RSquaredBlocks(blocks, Labels, Errors(squared: true));
    }
}
