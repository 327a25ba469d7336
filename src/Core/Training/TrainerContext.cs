using Microsoft.ML;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>What an <see cref="ITrainerPlugin"/> builds its estimator with.</summary>
/// <param name="Ml">The run's ML.NET context (seeded with <see cref="Seed"/>).</param>
/// <param name="Task">The learning task.</param>
/// <param name="Threads">The trainer's thread count; null means ML.NET's default.</param>
/// <param name="WeightColumn">The example-weight column when the spec weights rows by recency; otherwise null.</param>
public sealed record TrainerContext(MLContext Ml, ModelTask Task, int? Threads, string? WeightColumn)
{
    /// <summary>Gets the seed of every trainer that takes one, so a run is reproducible.</summary>
    public int Seed => MlContexts.Seed;

    /// <summary>
    /// Gets the recipes of the trainers a <see cref="ITrainerPlugin.CombinesOthers"/> trainer combines: the spec's other
    /// trainers that can train <see cref="Task"/>, in the spec's order. Empty for every other trainer.
    /// </summary>
    public IReadOnlyList<(TrainerKind Kind, TrainerRecipe Recipe)> Members { get; init; } = [];
}
