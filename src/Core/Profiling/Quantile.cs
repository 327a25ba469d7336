namespace RetrainFunctions.Core.Profiling;

/// <summary>One quantile of a numeric column.</summary>
/// <param name="Probability">The probability, 0 to 1.</param>
/// <param name="Value">The value below which that share of the column lies.</param>
public sealed record Quantile(double Probability, double Value);
