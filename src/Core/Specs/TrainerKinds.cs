namespace RetrainFunctions.Core.Specs;

/// <summary>The trainers that compete when a spec lists none.</summary>
/// <remarks>
/// A fixed list of built-in trainers, not a property of registration: the orchestrator derives a run's candidates from
/// the spec alone (deterministically, also when it replays a history), and a spec means the same in every host.
/// </remarks>
public static class TrainerKinds
{
    /// <summary>The default competing trainers: a boosted-tree pair and a linear model.</summary>
    public static IReadOnlyList<TrainerKind> DefaultsFor(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.LbfgsLogisticRegression],
        ModelTask.MulticlassClassification => [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.LbfgsMaximumEntropy],
        ModelTask.Regression => [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.Sdca],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
    };
}
