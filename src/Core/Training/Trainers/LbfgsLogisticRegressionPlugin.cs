using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>L-BFGS logistic regression (binary) with L1 = L2 = 1; the featurized rows are cached (it makes many passes).</summary>
public sealed class LbfgsLogisticRegressionPlugin : ITrainerPlugin
{
    private const float Regularization = 1f;

    /// <inheritdoc/>
    public TrainerKind Kind => TrainerKind.LbfgsLogisticRegression;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => task == ModelTask.BinaryClassification;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Supports(context.Task))
        {
            throw new NotSupportedException($"LbfgsLogisticRegression cannot train {context.Task}.");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["L1Regularization"] = Regularization.ToString(CultureInfo.InvariantCulture),
            ["L2Regularization"] = Regularization.ToString(CultureInfo.InvariantCulture),
        };
        var options = new LbfgsLogisticRegressionBinaryTrainer.Options { L1Regularization = Regularization, L2Regularization = Regularization, NumberOfThreads = context.Threads, ExampleWeightColumnName = context.WeightColumn };
        return new(context.Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options), parameters, CacheFeatures: true);
    }
}
