namespace RetrainFunctions.Core.Specs;

/// <summary>Which trainer serves which task, and the defaults.</summary>
public static class TrainerKinds
{
    /// <summary>Returns whether <paramref name="trainer"/> can train a model for <paramref name="task"/>.</summary>
    public static bool Supports(this TrainerKind trainer, ModelTask task) => (trainer, task) switch
    {
        (TrainerKind.LightGbm or TrainerKind.FastTree or TrainerKind.Sdca, _) => true,
        (TrainerKind.FastForest, ModelTask.BinaryClassification or ModelTask.Regression) => true,
        (TrainerKind.LbfgsLogisticRegression, ModelTask.BinaryClassification) => true,
        (TrainerKind.LbfgsMaximumEntropy, ModelTask.MulticlassClassification) => true,
        _ => false,
    };

    /// <summary>The default competing trainers: a boosted-tree pair and a linear model.</summary>
    public static IReadOnlyList<TrainerKind> DefaultsFor(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.LbfgsLogisticRegression],
        ModelTask.MulticlassClassification => [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.LbfgsMaximumEntropy],
        ModelTask.Regression => [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.Sdca],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
    };
}
