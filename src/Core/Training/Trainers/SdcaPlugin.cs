using Microsoft.ML;
using Microsoft.ML.Trainers;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>
/// SDCA with ML.NET's automatic regularization and iteration count: logistic regression (binary), maximum entropy
/// (multiclass) or least squares (regression); the featurized rows are cached (it makes many passes).
/// </summary>
public sealed class SdcaPlugin : ITrainerPlugin
{
    /// <inheritdoc/>
    public TrainerKind Kind => TrainerKind.Sdca;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => true;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ml, threads, weights) = (context.Ml, context.Threads, context.WeightColumn);
        var (algorithm, estimator) = context.Task switch
        {
            ModelTask.BinaryClassification => ("SdcaLogisticRegression", (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = threads, ExampleWeightColumnName = weights })),
            ModelTask.MulticlassClassification => ("SdcaMaximumEntropy", ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = threads, ExampleWeightColumnName = weights })),
            ModelTask.Regression => ("SdcaRegression", ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = threads, ExampleWeightColumnName = weights })),
            _ => throw new NotSupportedException($"Sdca cannot train {context.Task}."),
        };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Regularization"] = "auto",
            ["MaximumNumberOfIterations"] = "auto",
            ["Algorithm"] = algorithm,
        };
        return new(estimator, parameters, CacheFeatures: true);
    }
}
