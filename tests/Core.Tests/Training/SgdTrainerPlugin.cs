using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Training;

/// <summary>
/// A trainer RetrainFunctions does not ship: calibrated stochastic gradient descent (binary). The whole of adding it is
/// this class and <c>services.AddRetrainTrainer&lt;SgdTrainerPlugin&gt;()</c>.
/// </summary>
public sealed class SgdTrainerPlugin : ITrainerPlugin
{
    /// <summary>The passes over the data, recorded in the candidate's parameters.</summary>
    public const int Iterations = 30;

    /// <summary>Gets the name a spec lists.</summary>
    public static TrainerKind Name { get; } = new("SgdCalibrated");

    /// <inheritdoc/>
    public TrainerKind Kind => Name;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => task == ModelTask.BinaryClassification;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new SgdCalibratedTrainer.Options
        {
            NumberOfIterations = Iterations,
            NumberOfThreads = context.Threads,
            ExampleWeightColumnName = context.WeightColumn,
            Shuffle = false,
        };
        var parameters = new Dictionary<string, string> { ["NumberOfIterations"] = Iterations.ToString(CultureInfo.InvariantCulture) };
        return new(context.Ml.BinaryClassification.Trainers.SgdCalibrated(options), parameters, CacheFeatures: true);
    }
}
