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
/// so the values do not depend on how the counts were stored.
/// </remarks>
internal abstract class WeightedMetric
{
    /// <summary>
    /// The metric's value when row <c>i</c> counts <paramref name="counts"/>[i] times, or NaN when undefined (e.g. AUC of one
    /// class). The counts must add up to at most <see cref="int.MaxValue"/> (a resample's add up to the row count).
    /// </summary>
    public abstract double Compute(ReadOnlySpan<int> counts);

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
            (ModelTask.MulticlassClassification, EvaluationMetric.MacroAccuracy) when predictions.Classes is { } classes => new MacroAccuracy(classes, predictions.Correct),
            (ModelTask.MulticlassClassification, EvaluationMetric.MacroF1) when predictions is { Classes: { } truth, PredictedClasses: { } predicted } => new MacroF1(truth, predicted),
            (ModelTask.Regression, EvaluationMetric.Mae) => new MeanError(predictions.Labels, predictions.Scores, squared: false),
            (ModelTask.Regression, EvaluationMetric.Rmse) => new MeanError(predictions.Labels, predictions.Scores, squared: true),
            (ModelTask.Regression, EvaluationMetric.RSquared) => new RSquared(predictions.Labels, predictions.Scores),
            _ => null,
        };
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

        public override double Compute(ReadOnlySpan<int> counts)
        {
            var total = Total(counts);
            return total > 0 ? MaskedSum(counts, _correct) / total : double.NaN;
        }
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

            return total > 0 ? sum / total : double.NaN;
        }
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

        public override double Compute(ReadOnlySpan<int> counts)
        {
            double tp = MaskedSum(counts, _truePositive), fp = MaskedSum(counts, _falsePositive), fn = MaskedSum(counts, _falseNegative);
            return tp + fp + fn > 0 ? 2 * tp / ((2 * tp) + fp + fn) : double.NaN;
        }
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

        public override double Compute(ReadOnlySpan<int> counts)
        {
            var order = _order.AsSpan();
            var positive = _positiveInOrder.AsSpan();
            double area = 0, negativesBelow = 0, positives = 0;
            var k = 0;
            foreach (var end in _groupEnd)
            {
                long groupAll = 0, groupPositives = 0;
                for (; k < end; k++)
                {
                    var count = counts[order[k]];
                    groupAll += count;
                    groupPositives += count * positive[k];
                }

                double drawnPositives = groupPositives, drawnNegatives = groupAll - groupPositives;
                area += drawnPositives * (negativesBelow + (0.5 * drawnNegatives));
                negativesBelow += drawnNegatives;
                positives += drawnPositives;
            }

            return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : double.NaN;
        }
    }

    private sealed class MacroAccuracy : WeightedMetric
    {
        private const int StackClasses = 256;
        private readonly int[] _class;
        private readonly int _classes;
        private readonly bool[] _correct;

        public MacroAccuracy(IReadOnlyList<string> classes, IReadOnlyList<bool> correct)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            _class = new int[classes.Count];
            for (var i = 0; i < _class.Length; i++)
            {
                if (!index.TryGetValue(classes[i], out var c))
                {
                    c = index[classes[i]] = index.Count;
                }

                _class[i] = c;
            }

            _classes = index.Count;
            _correct = ToArray(correct);
        }

        public override double Compute(ReadOnlySpan<int> counts)
        {
            Span<long> right = _classes <= StackClasses ? stackalloc long[StackClasses] : new long[_classes];
            Span<long> total = _classes <= StackClasses ? stackalloc long[StackClasses] : new long[_classes];
            right.Clear();
            total.Clear();
            for (var i = 0; i < counts.Length; i++)
            {
                total[_class[i]] += counts[i];
                right[_class[i]] += _correct[i] ? counts[i] : 0;
            }

            double sum = 0;
            var present = 0;
            for (var c = 0; c < _classes; c++)
            {
                if (total[c] > 0)
                {
                    sum += (double)right[c] / total[c];
                    present++;
                }
            }

            return present > 0 ? sum / present : double.NaN;
        }
    }

    /// <summary>
    /// Macro F1: the mean, over the classes that occur as a true or a predicted class among the drawn rows, of each
    /// class's F1 = 2·TP / (2·TP + FP + FN) (scikit-learn's <c>f1_score(average="macro")</c>).
    /// </summary>
    private sealed class MacroF1 : WeightedMetric
    {
        private const int StackClasses = 256;
        private readonly int[] _truth;
        private readonly int[] _predicted;
        private readonly int _classes;

        public MacroF1(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            _truth = new int[truth.Count];
            _predicted = new int[truth.Count];
            for (var i = 0; i < _truth.Length; i++)
            {
                _truth[i] = IndexOf(index, truth[i]);
                _predicted[i] = IndexOf(index, predicted[i]);
            }

            _classes = index.Count;
        }

        public override double Compute(ReadOnlySpan<int> counts)
        {
            Span<long> truePositive = _classes <= StackClasses ? stackalloc long[StackClasses] : new long[_classes];
            Span<long> actual = _classes <= StackClasses ? stackalloc long[StackClasses] : new long[_classes];
            Span<long> predicted = _classes <= StackClasses ? stackalloc long[StackClasses] : new long[_classes];
            truePositive.Clear();
            actual.Clear();
            predicted.Clear();
            for (var i = 0; i < counts.Length; i++)
            {
                actual[_truth[i]] += counts[i];
                predicted[_predicted[i]] += counts[i];
                truePositive[_truth[i]] += _truth[i] == _predicted[i] ? counts[i] : 0;
            }

            double sum = 0;
            var present = 0;
            for (var c = 0; c < _classes; c++)
            {
                // 2·TP + FP + FN = (TP + FN) + (TP + FP): the rows of the class plus the rows predicted as it.
                var denominator = actual[c] + predicted[c];
                if (denominator > 0)
                {
                    sum += 2.0 * truePositive[c] / denominator;
                    present++;
                }
            }

            return present > 0 ? sum / present : double.NaN;
        }

        private static int IndexOf(Dictionary<string, int> index, string name)
        {
            if (!index.TryGetValue(name, out var c))
            {
                c = index[name] = index.Count;
            }

            return c;
        }
    }

    /// <summary>A regression metric: the labels and predictions as arrays.</summary>
    private abstract class RegressionMetric(IReadOnlyList<double> labels, IReadOnlyList<double> scores) : WeightedMetric
    {
        protected double[] Labels { get; } = ToArray(labels);

        protected double[] Scores { get; } = ToArray(scores);
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

            var total = Total(counts);
            return !(total > 0) ? double.NaN : squared ? Math.Sqrt(sum / total) : sum / total;
        }
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

            return spread > 0 ? 1 - (residual / spread) : double.NaN;
        }
    }
}
