using Microsoft.ML;

namespace RetrainFunctions.Core.Features;

/// <summary>Creates the <see cref="MLContext"/> of every stage with one fixed seed, so runs are reproducible.</summary>
internal static class MlContexts
{
    /// <summary>The seed of every <see cref="MLContext"/>: 20_260_101.</summary>
    public const int Seed = 20_260_101;

    /// <summary>Creates a seeded context.</summary>
    public static MLContext Create() => new(seed: Seed);
}
