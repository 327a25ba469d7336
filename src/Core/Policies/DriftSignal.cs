namespace RetrainFunctions.Core.Policies;

/// <summary>The data-drift stage's verdict on the newest data, as the policy consumes it.</summary>
/// <param name="Score">A drift score where larger means more drift (e.g. the largest per-feature PSI, or 1 − the smallest p-value).</param>
/// <param name="Drifted">The drift stage's own verdict.</param>
/// <param name="Source">What produced it (detector and features), for the decision record.</param>
public sealed record DriftSignal(double Score, bool Drifted, string? Source = null);
