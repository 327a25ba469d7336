namespace RetrainFunctions.Core.Serving;

/// <summary>Why a prediction request was refused: the JSON path of the offending field and what is wrong with it.</summary>
/// <param name="Field">The field, e.g. <c>rows[3].income</c>.</param>
/// <param name="Detail">What is wrong and what is allowed.</param>
public sealed record PredictionProblem(string Field, string Detail);
