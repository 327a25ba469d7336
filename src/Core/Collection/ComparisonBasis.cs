namespace RetrainFunctions.Core.Collection;

/// <summary>How a snapshot's comparison rows (the newest split, where the challenger meets production) were chosen.</summary>
public enum ComparisonBasis
{
    /// <summary>No production model: the newest <c>gate.holdoutFraction</c> of the window, for the threshold and the report.</summary>
    NoProduction,

    /// <summary>The newest rows of batches production never saw (neither trained nor selected on), capped to <c>gate.comparisonMaxRows</c>.</summary>
    UnseenByProduction,

    /// <summary>
    /// Production's lineage cannot be read (its version or snapshot manifest is missing): the newest
    /// <c>gate.holdoutFraction</c>, which production may have seen; the run record says so.
    /// </summary>
    LineageUnknown,
}
