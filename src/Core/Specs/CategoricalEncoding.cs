namespace RetrainFunctions.Core.Specs;

/// <summary>How a categorical feature becomes numbers.</summary>
public enum CategoricalEncoding
{
    /// <summary>One-hot up to <see cref="CategoricalEncodingDefaults.MaxOneHotCardinality"/> distinct values, hashing above.</summary>
    Auto,

    /// <summary>One indicator per value seen in training.</summary>
    OneHot,

    /// <summary>Values hashed into 2^<see cref="CategoricalEncodingDefaults.HashBits"/> buckets.</summary>
    Hashing,
}
