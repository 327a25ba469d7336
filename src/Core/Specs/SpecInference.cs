namespace RetrainFunctions.Core.Specs;

/// <summary>An inferred spec and the reasoning behind it, to show the user.</summary>
/// <param name="Spec">The spec (valid).</param>
/// <param name="Notes">One line per decision (type of each column, task, positive class, columns left out and why).</param>
public sealed record SpecInference(ModelSpec Spec, IReadOnlyList<string> Notes);
