using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// Temperature scaling of a binary model's probabilities on rows it did not train on (Guo et al., "On Calibration of
/// Modern Neural Networks", 2017): the probability becomes σ(a · score) with the one slope <c>a</c> that minimises the
/// log-loss on the selection rows. Boosted trees fitted on a few thousand drifting rows are over-confident out of sample
/// (a LightGbm candidate with 69 % accuracy had a log-loss of 0.95, worse than a coin's 0.69), so without it the
/// log-loss gate and the log-loss selection would prefer a worse classifier that hedges. A single slope with no offset
/// keeps the decision (score &gt; 0) and so every count-based metric unchanged; only the probabilities move.
/// </summary>
/// <remarks>
/// The slope is found by Newton's method on the convex one-parameter log-likelihood, clamped to
/// [<see cref="MinSlope"/>, <see cref="MaxSlope"/>]. It is fitted only with at least <see cref="MinRows"/> selection rows
/// holding both classes; the candidate's selection metrics are computed after scaling (one parameter fitted on the same
/// rows: an optimism every candidate shares). A fit on the selection rows themselves (the challenger's fit before the
/// gate, the refit after it) reuses the slope of the candidate it repeats.
/// </remarks>
internal static class TemperatureScaling
{
    /// <summary>The fewest selection rows a slope is fitted on.</summary>
    public const int MinRows = 50;

    /// <summary>The smallest slope (probabilities pulled towards ½ at most 100-fold in log-odds).</summary>
    public const double MinSlope = 0.01;

    /// <summary>
    /// The largest slope: 1, the model's own log-odds. Scaling only ever softens. A slope above 1 says the selection rows
    /// were easier than the model believed; under drift the next rows are rarely easier, and a sharpening fitted on a few
    /// hundred rows turned an identical classifier into one 2 bits worse on the first week of a new concept.
    /// </summary>
    public const double MaxSlope = 1;

    /// <summary>
    /// The log-loss-minimising slope for <paramref name="scores"/> (raw margins, positive = positive class) against
    /// <paramref name="labels"/>, or null when there are too few rows or only one class.
    /// </summary>
    public static double? FitSlope(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"Got {scores.Length} scores and {labels.Length} labels.", nameof(labels));
        }

        var positives = 0;
        var usable = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (float.IsFinite(scores[i]))
            {
                usable++;
                positives += labels[i] ? 1 : 0;
            }
        }

        if (usable < MinRows || positives == 0 || positives == usable)
        {
            return null;
        }

        var slope = 1.0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gradient = 0, curvature = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                if (!float.IsFinite(scores[i]))
                {
                    continue;
                }

                // d/da of log(1 + exp(−y·a·s)) with y = ±1 is −y·s·σ(−y·a·s); the second derivative is s²·σ(z)·σ(−z).
                var y = labels[i] ? 1.0 : -1.0;
                var s = (double)scores[i];
                var wrong = Sigmoid(-y * slope * s);
                gradient -= y * s * wrong;
                curvature += s * s * wrong * (1 - wrong);
            }

            if (curvature <= 0)
            {
                break;
            }

            var next = Math.Clamp(slope - (gradient / curvature), MinSlope, MaxSlope);
            var converged = Math.Abs(next - slope) < 1e-6 * Math.Max(1, slope);
            slope = next;
            if (converged)
            {
                break;
            }
        }

        return slope;
    }

    /// <summary>Fits the slope of <paramref name="model"/>'s scores on <paramref name="rows"/> (raw rows: the model includes its featurizer), or null.</summary>
    public static double? Fit(ITransformer model, IDataView rows)
    {
        var scored = model.Transform(rows);
        var scores = scored.GetColumn<float>(MlColumns.Score).ToArray();
        var labels = scored.GetColumn<bool>(MlColumns.Label).ToArray();
        return FitSlope(scores, labels);
    }

    /// <summary>A transformer that replaces the probability with σ(<paramref name="slope"/> · score), fitted on <paramref name="scored"/>'s schema.</summary>
    public static ITransformer Transformer(MLContext ml, double slope, IDataView scored) =>
        ml.BinaryClassification.Calibrators.Platt(slope: -slope, offset: 0, scoreColumnName: MlColumns.Score).Fit(scored);

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
