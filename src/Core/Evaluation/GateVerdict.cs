namespace RetrainFunctions.Core.Evaluation;

/// <summary>The promotion gate's decision and its explanation with figures.</summary>
/// <param name="Decision">What the gate decided.</param>
/// <param name="Reason">Why, for people.</param>
internal sealed record GateVerdict(GateDecision Decision, string Reason);
