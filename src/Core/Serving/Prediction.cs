namespace RetrainFunctions.Core.Serving;

/// <summary>The prediction for one row.</summary>
/// <param name="PredictedLabel">Binary: <see langword="true"/> for the positive class; multiclass: the class name; regression: null.</param>
/// <param name="Probability">Binary: the calibrated probability of the positive class.</param>
/// <param name="Score">Binary: the raw score; regression: the predicted value.</param>
/// <param name="Scores">Multiclass: the probability of each class, by class name.</param>
public sealed record Prediction(
    object? PredictedLabel,
    double? Probability,
    double? Score,
    IReadOnlyDictionary<string, double>? Scores);
