using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift;

/// <summary>The drift of new data against a reference (<c>runs/{model}/{runId}/drift.json</c>).</summary>
public sealed record DriftReport
{
    /// <summary>Gets the model.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the run.</summary>
    public string? RunId { get; init; }

    /// <summary>Gets the kind of reference.</summary>
    public required DriftReferenceKind Reference { get; init; }

    /// <summary>Gets what the reference was, in words (a snapshot digest, a batch id, a row range).</summary>
    public required string ReferenceDescription { get; init; }

    /// <summary>Gets the rows of the reference.</summary>
    public required long ReferenceRows { get; init; }

    /// <summary>Gets the rows of the new data.</summary>
    public required long CurrentRows { get; init; }

    /// <summary>Gets the drift of every feature, most drifted first.</summary>
    public required IReadOnlyList<FeatureDrift> Features { get; init; }

    /// <summary>Gets the drift of the label distribution.</summary>
    public FeatureDrift? Label { get; init; }

    /// <summary>Gets the drift of the production model's scores (new data vs its training data), when a model was available.</summary>
    public FeatureDrift? Prediction { get; init; }

    /// <summary>Gets how features were weighted.</summary>
    public required DriftWeighting Weighting { get; init; }

    /// <summary>Gets the weighted share of drifted features.</summary>
    public required double DriftedShare { get; init; }

    /// <summary>Gets whether <see cref="DriftedShare"/> reaches <see cref="DriftSpec.DatasetDriftShare"/>.</summary>
    public required bool DatasetDrifted { get; init; }

    /// <summary>Gets the thresholds applied.</summary>
    public required DriftSpec Thresholds { get; init; }

    /// <summary>Gets the names of the drifted features, most drifted first.</summary>
    public IReadOnlyList<string> DriftedFeatures => [.. Features.Where(f => f.Drifted).Select(f => f.Column)];
}
