using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>LightGBM gradient-boosted trees for every task: 100 iterations, 31 leaves, learning rate 0.1, 20 examples per leaf.</summary>
public sealed class LightGbmPlugin : ITrainerPlugin
{
    private const int Iterations = 100;
    private const int Leaves = 31;
    private const double LearningRate = 0.1;
    private const int MinimumExamplesPerLeaf = 20;

    /// <inheritdoc/>
    public TrainerKind Kind => TrainerKind.LightGbm;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => true;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NumberOfIterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
            ["NumberOfLeaves"] = Leaves.ToString(CultureInfo.InvariantCulture),
            ["LearningRate"] = LearningRate.ToString(CultureInfo.InvariantCulture),
            ["MinimumExampleCountPerLeaf"] = MinimumExamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
        };
        var (ml, threads, weights, seed) = (context.Ml, context.Threads, context.WeightColumn, context.Seed);
        return context.Task switch
        {
            ModelTask.BinaryClassification => new(ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfIterations = Iterations, NumberOfLeaves = Leaves, LearningRate = LearningRate, MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf, NumberOfThreads = threads, ExampleWeightColumnName = weights, Seed = seed, Silent = true }), parameters, CacheFeatures: false),
            ModelTask.MulticlassClassification => new(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { NumberOfIterations = Iterations, NumberOfLeaves = Leaves, LearningRate = LearningRate, MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf, NumberOfThreads = threads, ExampleWeightColumnName = weights, Seed = seed, Silent = true }), parameters, CacheFeatures: false),
            ModelTask.Regression => new(ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options { NumberOfIterations = Iterations, NumberOfLeaves = Leaves, LearningRate = LearningRate, MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf, NumberOfThreads = threads, ExampleWeightColumnName = weights, Seed = seed, Silent = true }), parameters, CacheFeatures: false),
            _ => throw new NotSupportedException($"LightGbm cannot train {context.Task}."),
        };
    }
}
