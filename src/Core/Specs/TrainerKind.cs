namespace RetrainFunctions.Core.Specs;

/// <summary>The ML.NET trainers a spec can name. <see cref="TrainerKinds.Supports"/> says which task each serves.</summary>
public enum TrainerKind
{
    /// <summary>LightGBM gradient-boosted trees (binary, multiclass, regression).</summary>
    LightGbm,

    /// <summary>FastTree boosted trees (binary, regression; multiclass as one-versus-all).</summary>
    FastTree,

    /// <summary>FastForest random forest (binary, regression).</summary>
    FastForest,

    /// <summary>L-BFGS logistic regression (binary).</summary>
    LbfgsLogisticRegression,

    /// <summary>L-BFGS maximum entropy (multiclass).</summary>
    LbfgsMaximumEntropy,

    /// <summary>SDCA: logistic regression (binary), maximum entropy (multiclass) or least squares (regression).</summary>
    Sdca,
}
