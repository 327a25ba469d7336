using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>Small hand-made <see cref="HoldoutPredictions"/>.</summary>
public static class Holdouts
{
    /// <summary>Regression predictions of <paramref name="labels"/>.</summary>
    public static HoldoutPredictions Regression(double[] labels, double[] predictions) => new()
    {
        Task = ModelTask.Regression,
        Labels = labels,
        Scores = predictions,
        Correct = [],
    };
}
