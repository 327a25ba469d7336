namespace RetrainFunctions.Core.Specs;

/// <summary>The label column.</summary>
/// <param name="Column">The column holding the label.</param>
/// <param name="PositiveClass">For binary classification, the label value that counts as positive (for example <c>UP</c>, <c>1</c>, <c>true</c>).</param>
public sealed record LabelSpec(string Column, string? PositiveClass = null);
