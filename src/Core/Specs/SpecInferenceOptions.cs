namespace RetrainFunctions.Core.Specs;

/// <summary>What <see cref="ModelSpecInferrer"/> is told besides the data.</summary>
public sealed record SpecInferenceOptions
{
    /// <summary>Gets the model name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the label column.</summary>
    public required string Label { get; init; }

    /// <summary>Gets the task; inferred from the label when null.</summary>
    public ModelTask? Task { get; init; }

    /// <summary>Gets the positive class for binary classification; inferred from common names when null.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>Gets the timestamp column; the first column of timestamps when null.</summary>
    public string? TimestampColumn { get; init; }

    /// <summary>Gets columns to leave out (ids, leaks such as post-outcome counts).</summary>
    public IReadOnlyCollection<string> Exclude { get; init; } = [];

    /// <summary>
    /// Gets columns to keep although inference would leave them out (moving with time, id-like, label leakage); each must
    /// be in the data and not in <see cref="Exclude"/>.
    /// </summary>
    public IReadOnlyCollection<string> Include { get; init; } = [];

    /// <summary>Gets how many rows to look at. <value>Default: 20,000.</value></summary>
    public int SampleRows { get; init; } = 20_000;
}
