namespace RetrainFunctions.Core.Validation;

/// <summary>The validation report of a run (<c>runs/{model}/{runId}/validation.json</c>).</summary>
/// <param name="Model">The model.</param>
/// <param name="RunId">The run.</param>
/// <param name="Batches">One report per batch validated.</param>
public sealed record ValidationRunReport(string Model, string RunId, IReadOnlyList<BatchReport> Batches);
