using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>L-BFGS maximum entropy (multiclass) with L1 = L2 = 1; the featurized rows are cached (it makes many passes).</summary>
public sealed class LbfgsMaximumEntropyPlugin : ITrainerPlugin
{
    private const float Regularization = 1f;

    /// <inheritdoc/>
    public TrainerKind Kind => TrainerKind.LbfgsMaximumEntropy;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => task == ModelTask.MulticlassClassification;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Supports(context.Task))
        {
            throw new NotSupportedException($"LbfgsMaximumEntropy cannot train {context.Task}.");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["L1Regularization"] = Regularization.ToString(CultureInfo.InvariantCulture),
            ["L2Regularization"] = Regularization.ToString(CultureInfo.InvariantCulture),
        };
        var options = new LbfgsMaximumEntropyMulticlassTrainer.Options { L1Regularization = Regularization, L2Regularization = Regularization, NumberOfThreads = context.Threads, ExampleWeightColumnName = context.WeightColumn };
        return new(context.Ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(options), parameters, CacheFeatures: true);
    }
}
