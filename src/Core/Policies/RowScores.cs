namespace RetrainFunctions.Core.Policies;

/// <summary>
/// A model's prediction for every row of a labeled file, in file order. Classification: class indexes into
/// <see cref="Classes"/> (binary: 0 = negative, 1 = positive). Regression: the values.
/// </summary>
/// <param name="Classes">The class names of a classification task (binary: "negative", the positive class); empty for regression.</param>
/// <param name="Actual">The true labels.</param>
/// <param name="Predicted">The predictions.</param>
public sealed record RowScores(IReadOnlyList<string> Classes, IReadOnlyList<double> Actual, IReadOnlyList<double> Predicted)
{
    /// <summary>Gets whether the rows are classified (otherwise regressed).</summary>
    public bool IsClassification => Classes.Count > 0;

    /// <summary>
    /// Per-row losses in [0, 1] for the change detectors: 1 for a misclassified row; for regression 1 when the absolute
    /// error exceeds <paramref name="regressionTolerance"/> (an exceedance indicator, so DDM's Bernoulli model holds).
    /// </summary>
    public IReadOnlyList<double> Losses(double? regressionTolerance = null)
    {
        if (IsClassification)
        {
            return [.. Actual.Zip(Predicted, (a, p) => a == p ? 0.0 : 1.0)];
        }

        var tolerance = regressionTolerance ?? throw new ArgumentNullException(nameof(regressionTolerance), "Regression losses need a tolerance.");
        return [.. Actual.Zip(Predicted, (a, p) => Math.Abs(a - p) > tolerance ? 1.0 : 0.0)];
    }
}
