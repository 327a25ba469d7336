using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// One model's per-row predictions on a labeled split, in file order, read in one pass by <see cref="ModelScorer.PredictAsync"/>.
/// Two models scored on the same split are paired row by row: the statistics of <see cref="PairedStatistics"/> use that.
/// </summary>
/// <remarks>
/// Binary: <see cref="Labels"/> 1 or 0, <see cref="Scores"/> the raw score (ranking, for AUC), <see cref="PredictedPositive"/>
/// and, for calibrated models, <see cref="RowLogLoss"/> (−log₂ of the probability given to the true class, clamped to 1e-15).
/// Multiclass: <see cref="Classes"/> the true class names, <see cref="PredictedClasses"/> the predicted ones, <see cref="Correct"/> whether the predicted class is the true one,
/// <see cref="RowLogLoss"/> from the score of the true class (rows whose class the model never saw have none: NaN).
/// Regression: <see cref="Labels"/> the values and <see cref="Scores"/> the predictions.
/// </remarks>
public sealed class HoldoutPredictions
{
    /// <summary>Gets the task.</summary>
    public required ModelTask Task { get; init; }

    /// <summary>Gets the labels (binary 1/0, regression values; multiclass 0).</summary>
    public required IReadOnlyList<double> Labels { get; init; }

    /// <summary>Gets the scores (binary raw score, regression prediction; multiclass 0).</summary>
    public required IReadOnlyList<double> Scores { get; init; }

    /// <summary>Gets whether each row is classified correctly (classification; regression: empty).</summary>
    public required IReadOnlyList<bool> Correct { get; init; }

    /// <summary>Gets whether each row is predicted positive (binary; otherwise null).</summary>
    public IReadOnlyList<bool>? PredictedPositive { get; init; }

    /// <summary>Gets the per-row log-loss in bits (calibrated binary and multiclass; otherwise null).</summary>
    public IReadOnlyList<double>? RowLogLoss { get; init; }

    /// <summary>Gets the true class names (multiclass; otherwise null).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Gets the predicted class names (multiclass; otherwise null).</summary>
    public IReadOnlyList<string>? PredictedClasses { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public int Count => Labels.Count;
}
