using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>
/// FastForest random forest (binary and regression): 100 trees, 20 leaves, 10 examples per leaf. Its binary scores are
/// not probabilities, so a Platt calibrator is appended.
/// </summary>
public sealed class FastForestPlugin : ITrainerPlugin
{
    private const int Trees = 100;
    private const int Leaves = 20;
    private const int MinimumExamplesPerLeaf = 10;

    /// <inheritdoc/>
    public TrainerKind Kind => TrainerKind.FastForest;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => task is ModelTask.BinaryClassification or ModelTask.Regression;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NumberOfTrees"] = Trees.ToString(CultureInfo.InvariantCulture),
            ["NumberOfLeaves"] = Leaves.ToString(CultureInfo.InvariantCulture),
            ["MinimumExampleCountPerLeaf"] = MinimumExamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
        };
        var ml = context.Ml;
        switch (context.Task)
        {
            case ModelTask.BinaryClassification:
                parameters["Calibrator"] = "Platt";
                var forest = ml.BinaryClassification.Trainers.FastForest(Options<FastForestBinaryTrainer.Options>(context));
                return new(forest.Append(ml.BinaryClassification.Calibrators.Platt(MlColumns.Label, MlColumns.Score)), parameters, CacheFeatures: false);
            case ModelTask.Regression:
                return new(ml.Regression.Trainers.FastForest(Options<FastForestRegressionTrainer.Options>(context)), parameters, CacheFeatures: false);
            default:
                throw new NotSupportedException($"FastForest cannot train {context.Task}.");
        }
    }

    private static T Options<T>(TrainerContext context)
        where T : FastForestOptionsBase, new() => new()
        {
            NumberOfTrees = Trees,
            NumberOfLeaves = Leaves,
            MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf,
            NumberOfThreads = context.Threads,
            ExampleWeightColumnName = context.WeightColumn,
            Seed = context.Seed,
        };
}
