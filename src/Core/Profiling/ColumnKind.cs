namespace RetrainFunctions.Core.Profiling;

/// <summary>How a profiled column is summarised.</summary>
public enum ColumnKind
{
    /// <summary>Numbers: moments, quantiles, histogram and a bounded sorted sample.</summary>
    Numeric,

    /// <summary>Categories: counts of the top values plus "other".</summary>
    Categorical,
}
