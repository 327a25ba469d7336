namespace RetrainFunctions.Core.Specs;

/// <summary>Defaults of categorical encoding.</summary>
public static class CategoricalEncodingDefaults
{
    /// <summary>
    /// The largest training cardinality that <see cref="CategoricalEncoding.Auto"/> one-hot encodes: 1,024, the number of hash
    /// buckets (2^<see cref="HashBits"/>). Below it, hashing gives a vector as wide as the buckets with colliding values,
    /// one-hot a narrower one without collisions; hashing pays only when there are more values than buckets. (It was 64:
    /// the 1,000,000-row bench's 200-value column became 1,024 hashed slots, 1,069 features where the bare ML.NET baseline
    /// one-hot encodes 245, docs/performance.md.)
    /// </summary>
    public const int MaxOneHotCardinality = 1 << HashBits;

    /// <summary>The number of hash bits for <see cref="CategoricalEncoding.Hashing"/>: 10 (1,024 buckets).</summary>
    public const int HashBits = 10;
}
