namespace RetrainFunctions.Core.Specs;

/// <summary>How a feature column is read and featurized.</summary>
public enum FeatureType
{
    /// <summary>A real number; empty values are missing and replaced by the training mean.</summary>
    Numeric,

    /// <summary>A category; one-hot or hashed, unseen values map to an all-zero vector.</summary>
    Categorical,
}
