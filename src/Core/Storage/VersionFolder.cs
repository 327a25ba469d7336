namespace RetrainFunctions.Core.Storage;

/// <summary>The artifacts of one deployed model version: <c>models/{model}/versions/{version}/</c> (immutable once written).</summary>
public readonly struct VersionFolder
{
    internal VersionFolder(string prefix) => Prefix = prefix;

    /// <summary>Gets the folder of the version.</summary>
    public string Prefix { get; }

    /// <summary>Gets the version's model file.</summary>
    public string Model => Prefix + "model.zip";

    /// <summary>Gets the version's metrics and lineage.</summary>
    public string Manifest => Prefix + "version.json";

    /// <summary>Gets the version's permutation feature importances (the weights of dataset-level drift).</summary>
    public string FeatureImportance => Prefix + "feature-importance.json";

    /// <summary>
    /// Gets the profile of the version's scores on its own train split: the reference for prediction drift of a version
    /// that has no <see cref="ComparisonScoresProfile"/> (deployed before it existed, or by hand), computed on first use.
    /// </summary>
    public string TrainingScoresProfile => Prefix + "training-scores.profile.json";

    /// <summary>
    /// Gets the profile of the version's scores on the comparison rows of the run that deployed it — rows it had not
    /// trained on when it was evaluated — copied at deployment from that run's
    /// <see cref="RunFolder.ChallengerScoresProfile"/>: the reference for prediction drift. Scores on unseen rows are the
    /// right reference for scores on new rows; a model's scores on its own training rows are more confident than on
    /// any rows it has not seen, so against them every new batch looks drifted.
    /// </summary>
    public string ComparisonScoresProfile => Prefix + "comparison-scores.profile.json";

    /// <summary>Gets the spec document the version was trained under (a copy of its spec-history entry).</summary>
    public string Spec => Prefix + "spec.json";

    /// <summary>Gets the version's model card (Markdown).</summary>
    public string ModelCard => Prefix + "model-card.md";
}
