using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>
/// FastTree boosted trees: 100 trees, 20 leaves, learning rate 0.2, 10 examples per leaf. Binary and regression
/// directly; multiclass as one-versus-all over calibrated binary FastTree models with normalized probabilities.
/// </summary>
public sealed class FastTreePlugin : ITrainerPlugin
{
    private const int Trees = 100;
    private const int Leaves = 20;
    private const double LearningRate = 0.2;
    private const int MinimumExamplesPerLeaf = 10;

    /// <inheritdoc/>
    public TrainerKind Kind => TrainerKind.FastTree;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => true;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NumberOfTrees"] = Trees.ToString(CultureInfo.InvariantCulture),
            ["NumberOfLeaves"] = Leaves.ToString(CultureInfo.InvariantCulture),
            ["LearningRate"] = LearningRate.ToString(CultureInfo.InvariantCulture),
            ["MinimumExampleCountPerLeaf"] = MinimumExamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
        };
        var ml = context.Ml;
        switch (context.Task)
        {
            case ModelTask.BinaryClassification:
                return new(ml.BinaryClassification.Trainers.FastTree(Options<FastTreeBinaryTrainer.Options>(context)), parameters, CacheFeatures: false);
            case ModelTask.MulticlassClassification:
                parameters["Algorithm"] = "OneVersusAll(FastTree)";
                var binary = ml.BinaryClassification.Trainers.FastTree(Options<FastTreeBinaryTrainer.Options>(context));
                return new(ml.MulticlassClassification.Trainers.OneVersusAll(binary, useProbabilities: true), parameters, CacheFeatures: false);
            case ModelTask.Regression:
                return new(ml.Regression.Trainers.FastTree(Options<FastTreeRegressionTrainer.Options>(context)), parameters, CacheFeatures: false);
            default:
                throw new NotSupportedException($"FastTree cannot train {context.Task}.");
        }
    }

    private static T Options<T>(TrainerContext context)
        where T : BoostedTreeOptions, new() => new()
        {
            NumberOfTrees = Trees,
            NumberOfLeaves = Leaves,
            LearningRate = LearningRate,
            MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf,
            NumberOfThreads = context.Threads,
            ExampleWeightColumnName = context.WeightColumn,
            Seed = context.Seed,
        };
}
