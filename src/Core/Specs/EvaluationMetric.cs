namespace RetrainFunctions.Core.Specs;

/// <summary>The metrics the gate can decide on.</summary>
public enum EvaluationMetric
{
    /// <summary>Binary accuracy (higher is better).</summary>
    Accuracy,

    /// <summary>Binary F1 score of the positive class (higher is better).</summary>
    F1,

    /// <summary>Binary area under the ROC curve (higher is better).</summary>
    Auc,

    /// <summary>Log-loss (lower is better), binary or multiclass.</summary>
    LogLoss,

    /// <summary>Multiclass micro accuracy (higher is better).</summary>
    MicroAccuracy,

    /// <summary>Multiclass macro accuracy (higher is better).</summary>
    MacroAccuracy,

    /// <summary>Root mean squared error (lower is better).</summary>
    Rmse,

    /// <summary>Mean absolute error (lower is better).</summary>
    Mae,

    /// <summary>Coefficient of determination (higher is better).</summary>
    RSquared,

    /// <summary>Multiclass macro F1: the mean over classes of each class's F1 (one-vs-rest at the predicted class; higher is better).</summary>
    MacroF1,
}
