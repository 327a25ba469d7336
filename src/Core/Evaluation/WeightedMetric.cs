using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// One metric of one model's <see cref="HoldoutPredictions"/> under row weights (bootstrap multiplicities; all ones for
/// the whole holdout). Everything that does not depend on the weights (the score order for AUC, the class index for
/// macro accuracy) is prepared once, so a resample costs one linear pass.
/// </summary>
internal abstract class WeightedMetric
{
    /// <summary>The metric's value under <paramref name="weights"/>, or NaN when undefined (e.g. AUC of one class).</summary>
    public abstract double Compute(double[] weights);

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
            (ModelTask.Regression, EvaluationMetric.Mae) => new Mae(predictions.Labels, predictions.Scores),
            (ModelTask.Regression, EvaluationMetric.Rmse) => new Rmse(predictions.Labels, predictions.Scores),
            (ModelTask.Regression, EvaluationMetric.RSquared) => new RSquared(predictions.Labels, predictions.Scores),
            _ => null,
        };
    }

    private sealed class Accuracy(IReadOnlyList<bool> correct) : WeightedMetric
    {
        public override double Compute(double[] weights)
        {
            double right = 0, total = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                total += weights[i];
                right += correct[i] ? weights[i] : 0;
            }

            return total > 0 ? right / total : double.NaN;
        }
    }

    private sealed class MeanLoss(IReadOnlyList<double> loss) : WeightedMetric
    {
        public override double Compute(double[] weights)
        {
            double sum = 0, total = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] > 0 && double.IsFinite(loss[i]))
                {
                    sum += weights[i] * loss[i];
                    total += weights[i];
                }
            }

            return total > 0 ? sum / total : double.NaN;
        }
    }

    private sealed class F1(IReadOnlyList<double> labels, IReadOnlyList<bool> predicted) : WeightedMetric
    {
        public override double Compute(double[] weights)
        {
            double tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                var positive = labels[i] > 0.5;
                if (predicted[i])
                {
                    tp += positive ? weights[i] : 0;
                    fp += positive ? 0 : weights[i];
                }
                else if (positive)
                {
                    fn += weights[i];
                }
            }

            return tp + fp + fn > 0 ? 2 * tp / ((2 * tp) + fp + fn) : double.NaN;
        }
    }

    /// <summary>Weighted Mann–Whitney AUC over the scores sorted once; ties count one half.</summary>
    private sealed class Auc : WeightedMetric
    {
        private readonly int[] _order;
        private readonly bool[] _positive;
        private readonly double[] _score;

        public Auc(IReadOnlyList<double> labels, IReadOnlyList<double> scores)
        {
            _order = [.. Enumerable.Range(0, labels.Count).OrderBy(i => scores[i])];
            _positive = [.. labels.Select(l => l > 0.5)];
            _score = [.. scores];
        }

        public override double Compute(double[] weights)
        {
            double area = 0, negativesBelow = 0, positives = 0;
            var k = 0;
            while (k < _order.Length)
            {
                var score = _score[_order[k]];
                double groupPositives = 0, groupNegatives = 0;
                for (; k < _order.Length && _score[_order[k]] == score; k++)
                {
                    var i = _order[k];
                    if (_positive[i])
                    {
                        groupPositives += weights[i];
                    }
                    else
                    {
                        groupNegatives += weights[i];
                    }
                }

                area += groupPositives * (negativesBelow + (0.5 * groupNegatives));
                negativesBelow += groupNegatives;
                positives += groupPositives;
            }

            return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : double.NaN;
        }
    }

    private sealed class MacroAccuracy : WeightedMetric
    {
        private readonly int[] _class;
        private readonly int _classes;
        private readonly IReadOnlyList<bool> _correct;

        public MacroAccuracy(IReadOnlyList<string> classes, IReadOnlyList<bool> correct)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            _class = [.. classes.Select(c => index.TryGetValue(c, out var i) ? i : index[c] = index.Count)];
            _classes = index.Count;
            _correct = correct;
        }

        public override double Compute(double[] weights)
        {
            var right = new double[_classes];
            var total = new double[_classes];
            for (var i = 0; i < weights.Length; i++)
            {
                total[_class[i]] += weights[i];
                right[_class[i]] += _correct[i] ? weights[i] : 0;
            }

            double sum = 0;
            var present = 0;
            for (var c = 0; c < _classes; c++)
            {
                if (total[c] > 0)
                {
                    sum += right[c] / total[c];
                    present++;
                }
            }

            return present > 0 ? sum / present : double.NaN;
        }
    }

    private sealed class Mae(IReadOnlyList<double> labels, IReadOnlyList<double> scores) : WeightedMetric
    {
        public override double Compute(double[] weights)
        {
            double sum = 0, total = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                sum += weights[i] * Math.Abs(labels[i] - scores[i]);
                total += weights[i];
            }

            return total > 0 ? sum / total : double.NaN;
        }
    }

    private sealed class Rmse(IReadOnlyList<double> labels, IReadOnlyList<double> scores) : WeightedMetric
    {
        public override double Compute(double[] weights)
        {
            double sum = 0, total = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                var error = labels[i] - scores[i];
                sum += weights[i] * error * error;
                total += weights[i];
            }

            return total > 0 ? Math.Sqrt(sum / total) : double.NaN;
        }
    }

    private sealed class RSquared(IReadOnlyList<double> labels, IReadOnlyList<double> scores) : WeightedMetric
    {
        public override double Compute(double[] weights)
        {
            double total = 0, mean = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                total += weights[i];
                mean += weights[i] * labels[i];
            }

            if (!(total > 0))
            {
                return double.NaN;
            }

            mean /= total;
            double residual = 0, spread = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                residual += weights[i] * (labels[i] - scores[i]) * (labels[i] - scores[i]);
                spread += weights[i] * (labels[i] - mean) * (labels[i] - mean);
            }

            return spread > 0 ? 1 - (residual / spread) : double.NaN;
        }
    }
}
