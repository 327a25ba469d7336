namespace RetrainFunctions.Core.Specs;

/// <summary>Defaults of categorical encoding.</summary>
public static class CategoricalEncodingDefaults
{
    /// <summary>The largest training cardinality that <see cref="CategoricalEncoding.Auto"/> one-hot encodes: 64.</summary>
    public const int MaxOneHotCardinality = 64;

    /// <summary>The number of hash bits for <see cref="CategoricalEncoding.Hashing"/>: 10 (1,024 buckets).</summary>
    public const int HashBits = 10;
}
