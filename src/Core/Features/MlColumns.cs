namespace RetrainFunctions.Core.Features;

/// <summary>
/// The ML.NET column names of the pipeline. Feature columns keep their CSV names so a saved model's input schema
/// reads like the data; a feature whose name collides with a pipeline column is renamed by <see cref="ForFeature"/>.
/// </summary>
internal static class MlColumns
{
    /// <summary>The label: Boolean (binary), text then key (multiclass) or Single (regression).</summary>
    public const string Label = "Label";

    /// <summary>The concatenated feature vector.</summary>
    public const string Features = "Features";

    /// <summary>The trainer's score.</summary>
    public const string Score = "Score";

    /// <summary>The calibrated probability of binary models.</summary>
    public const string Probability = "Probability";

    /// <summary>The predicted label: Boolean (binary) or the class name (multiclass).</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>The raw text of a binary label before it is compared with the positive class.</summary>
    public const string RawLabel = "__RawLabel";

    private const string ReservedPrefix = "__";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        Label, Features, Score, Probability, PredictedLabel,
    };

    /// <summary>Returns the ML.NET column name of the feature column <paramref name="name"/>.</summary>
    public static string ForFeature(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Reserved.Contains(name) || name.StartsWith(ReservedPrefix, StringComparison.Ordinal) ? "feature." + name : name;
    }
}
