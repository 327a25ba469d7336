using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// The ML.NET trainer of each (task, <see cref="TrainerKind"/>) pair, with fixed default hyper-parameters:
/// LightGbm 100 iterations, 31 leaves, learning rate 0.1; FastTree 100 trees, 20 leaves, learning rate 0.2;
/// FastForest 100 trees, 20 leaves; L-BFGS with L1 = L2 = 1; SDCA with ML.NET's automatic regularization.
/// </summary>
/// <remarks>
/// Binary candidates all output a calibrated <c>Probability</c>: LightGbm, FastTree, L-BFGS and SDCA logistic regression
/// are calibrated by ML.NET; FastForest is not, so a Platt calibrator is appended. Multiclass candidates end with
/// <c>MapKeyToValue(PredictedLabel)</c> so the saved model predicts class names; FastTree serves multiclass as
/// one-versus-all over calibrated binary FastTree models with normalized probabilities.
/// </remarks>
internal static class TrainerCatalog
{
    private const int LightGbmIterations = 100;
    private const int LightGbmLeaves = 31;
    private const double LightGbmLearningRate = 0.1;
    private const int LightGbmMinimumExamplesPerLeaf = 20;
    private const int TreeCount = 100;
    private const int TreeLeaves = 20;
    private const double FastTreeLearningRate = 0.2;
    private const int TreeMinimumExamplesPerLeaf = 10;
    private const float LbfgsRegularization = 1f;

    /// <summary>
    /// Creates the recipe of <paramref name="trainer"/> for <paramref name="task"/>; <paramref name="threads"/> null means
    /// ML.NET's default; <paramref name="weightColumn"/>, when set, is every trainer's example-weight column.
    /// </summary>
    public static TrainerRecipe Create(MLContext ml, ModelTask task, TrainerKind trainer, int? threads, string? weightColumn = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Seed"] = Invariant(MlContexts.Seed),
            ["NumberOfThreads"] = threads is { } t ? Invariant(t) : "default",
        };
        if (weightColumn is not null)
        {
            parameters["ExampleWeightColumnName"] = weightColumn;
        }

        var binary = ml.BinaryClassification.Trainers;
        var multiclass = ml.MulticlassClassification.Trainers;
        var regression = ml.Regression.Trainers;

        Record(parameters, trainer);
        switch (task, trainer)
        {
            case (ModelTask.BinaryClassification, TrainerKind.LightGbm):
                return Plain(binary.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfIterations = LightGbmIterations, NumberOfLeaves = LightGbmLeaves, LearningRate = LightGbmLearningRate, MinimumExampleCountPerLeaf = LightGbmMinimumExamplesPerLeaf, NumberOfThreads = threads, ExampleWeightColumnName = weightColumn, Seed = MlContexts.Seed, Silent = true }));
            case (ModelTask.BinaryClassification, TrainerKind.FastTree):
                return Plain(binary.FastTree(FastTree<FastTreeBinaryTrainer.Options>(threads, weightColumn)));
            case (ModelTask.BinaryClassification, TrainerKind.FastForest):
                parameters["Calibrator"] = "Platt";
                return Plain(binary.FastForest(FastForest<FastForestBinaryTrainer.Options>(threads, weightColumn))
                    .Append(ml.BinaryClassification.Calibrators.Platt(MlColumns.Label, MlColumns.Score)));
            case (ModelTask.BinaryClassification, TrainerKind.LbfgsLogisticRegression):
                return Cached(binary.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L1Regularization = LbfgsRegularization, L2Regularization = LbfgsRegularization, NumberOfThreads = threads, ExampleWeightColumnName = weightColumn }));
            case (ModelTask.BinaryClassification, TrainerKind.Sdca):
                parameters["Algorithm"] = "SdcaLogisticRegression";
                return Cached(binary.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = threads, ExampleWeightColumnName = weightColumn }));
            case (ModelTask.MulticlassClassification, TrainerKind.LightGbm):
                return WithClassNames(multiclass.LightGbm(new LightGbmMulticlassTrainer.Options { NumberOfIterations = LightGbmIterations, NumberOfLeaves = LightGbmLeaves, LearningRate = LightGbmLearningRate, MinimumExampleCountPerLeaf = LightGbmMinimumExamplesPerLeaf, NumberOfThreads = threads, ExampleWeightColumnName = weightColumn, Seed = MlContexts.Seed, Silent = true }), cache: false);
            case (ModelTask.MulticlassClassification, TrainerKind.FastTree):
                parameters["Algorithm"] = "OneVersusAll(FastTree)";
                return WithClassNames(multiclass.OneVersusAll(binary.FastTree(FastTree<FastTreeBinaryTrainer.Options>(threads, weightColumn)), useProbabilities: true), cache: false);
            case (ModelTask.MulticlassClassification, TrainerKind.LbfgsMaximumEntropy):
                return WithClassNames(multiclass.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options { L1Regularization = LbfgsRegularization, L2Regularization = LbfgsRegularization, NumberOfThreads = threads, ExampleWeightColumnName = weightColumn }), cache: true);
            case (ModelTask.MulticlassClassification, TrainerKind.Sdca):
                parameters["Algorithm"] = "SdcaMaximumEntropy";
                return WithClassNames(multiclass.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = threads, ExampleWeightColumnName = weightColumn }), cache: true);
            case (ModelTask.Regression, TrainerKind.LightGbm):
                return Plain(regression.LightGbm(new LightGbmRegressionTrainer.Options { NumberOfIterations = LightGbmIterations, NumberOfLeaves = LightGbmLeaves, LearningRate = LightGbmLearningRate, MinimumExampleCountPerLeaf = LightGbmMinimumExamplesPerLeaf, NumberOfThreads = threads, ExampleWeightColumnName = weightColumn, Seed = MlContexts.Seed, Silent = true }));
            case (ModelTask.Regression, TrainerKind.FastTree):
                return Plain(regression.FastTree(FastTree<FastTreeRegressionTrainer.Options>(threads, weightColumn)));
            case (ModelTask.Regression, TrainerKind.FastForest):
                return Plain(regression.FastForest(FastForest<FastForestRegressionTrainer.Options>(threads, weightColumn)));
            case (ModelTask.Regression, TrainerKind.Sdca):
                parameters["Algorithm"] = "SdcaRegression";
                return Cached(regression.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = threads, ExampleWeightColumnName = weightColumn }));
            default:
                throw new NotSupportedException($"Trainer {trainer} cannot train {task}; see TrainerKinds.Supports.");
        }

        TrainerRecipe Plain(IEstimator<ITransformer> estimator) => new(estimator, parameters, CacheFeatures: false);

        TrainerRecipe Cached(IEstimator<ITransformer> estimator) => new(estimator, parameters, CacheFeatures: true);

        TrainerRecipe WithClassNames(IEstimator<ITransformer> estimator, bool cache) =>
            new(estimator.Append(ml.Transforms.Conversion.MapKeyToValue(MlColumns.PredictedLabel)), parameters, cache);
    }

    private static T FastTree<T>(int? threads, string? weightColumn)
        where T : BoostedTreeOptions, new()
    {
        return new T
        {
            NumberOfTrees = TreeCount,
            NumberOfLeaves = TreeLeaves,
            LearningRate = FastTreeLearningRate,
            MinimumExampleCountPerLeaf = TreeMinimumExamplesPerLeaf,
            NumberOfThreads = threads, ExampleWeightColumnName = weightColumn,
            Seed = MlContexts.Seed,
        };
    }

    private static T FastForest<T>(int? threads, string? weightColumn)
        where T : FastForestOptionsBase, new()
    {
        return new T
        {
            NumberOfTrees = TreeCount,
            NumberOfLeaves = TreeLeaves,
            MinimumExampleCountPerLeaf = TreeMinimumExamplesPerLeaf,
            NumberOfThreads = threads, ExampleWeightColumnName = weightColumn,
            Seed = MlContexts.Seed,
        };
    }

    private static void Record(Dictionary<string, string> parameters, TrainerKind trainer)
    {
        switch (trainer)
        {
            case TrainerKind.LightGbm:
                parameters["NumberOfIterations"] = Invariant(LightGbmIterations);
                parameters["NumberOfLeaves"] = Invariant(LightGbmLeaves);
                parameters["LearningRate"] = Invariant(LightGbmLearningRate);
                parameters["MinimumExampleCountPerLeaf"] = Invariant(LightGbmMinimumExamplesPerLeaf);
                break;
            case TrainerKind.FastTree:
                parameters["NumberOfTrees"] = Invariant(TreeCount);
                parameters["NumberOfLeaves"] = Invariant(TreeLeaves);
                parameters["LearningRate"] = Invariant(FastTreeLearningRate);
                parameters["MinimumExampleCountPerLeaf"] = Invariant(TreeMinimumExamplesPerLeaf);
                break;
            case TrainerKind.FastForest:
                parameters["NumberOfTrees"] = Invariant(TreeCount);
                parameters["NumberOfLeaves"] = Invariant(TreeLeaves);
                parameters["MinimumExampleCountPerLeaf"] = Invariant(TreeMinimumExamplesPerLeaf);
                break;
            case TrainerKind.LbfgsLogisticRegression or TrainerKind.LbfgsMaximumEntropy:
                parameters["L1Regularization"] = Invariant(LbfgsRegularization);
                parameters["L2Regularization"] = Invariant(LbfgsRegularization);
                break;
            case TrainerKind.Sdca:
                parameters["Regularization"] = "auto";
                parameters["MaximumNumberOfIterations"] = "auto";
                break;
        }
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
