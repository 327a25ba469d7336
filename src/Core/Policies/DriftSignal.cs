using RetrainFunctions.Core.Drift;

namespace RetrainFunctions.Core.Policies;

/// <summary>The data-drift stage's verdict on the newest data, as the policy consumes it.</summary>
/// <param name="Score">A drift score where larger means more drift (e.g. the largest per-feature PSI, or 1 − the smallest p-value).</param>
/// <param name="Drifted">The drift stage's own verdict.</param>
/// <param name="Source">What produced it (detector and features), for the decision record.</param>
public sealed record DriftSignal(double Score, bool Drifted, string? Source = null)
{
    /// <summary>
    /// The signal of a measured <paramref name="drift"/>: the weighted share of drifted features as the score, drifted when
    /// the dataset or the label drifted; null when drift was not measured.
    /// </summary>
    public static DriftSignal? From(DriftSummary? drift) =>
        drift is { Measured: true } d ? new DriftSignal(d.DriftedShare, d.DatasetDrifted || d.LabelDrifted, d.ReferenceDescription) : null;
}
