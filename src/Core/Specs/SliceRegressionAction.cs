namespace RetrainFunctions.Core.Specs;

/// <summary>What the gate does when the challenger is significantly worse than production on a holdout slice.</summary>
public enum SliceRegressionAction
{
    /// <summary>The challenger is rejected (<c>SliceRegression</c>).</summary>
    Block,

    /// <summary>The regression is written into the report and the reason; the decision stands.</summary>
    Warn,

    /// <summary>Slices are not compared.</summary>
    Off,
}
