namespace RetrainFunctions.Core.Specs;

/// <summary>One feature column.</summary>
/// <param name="Name">The column name, as in the CSV header.</param>
/// <param name="Type">How the column is read and featurized.</param>
/// <param name="Encoding">For categoricals: one-hot, hashing, or chosen by cardinality.</param>
public sealed record FeatureSpec(string Name, FeatureType Type, CategoricalEncoding Encoding = CategoricalEncoding.Auto);
