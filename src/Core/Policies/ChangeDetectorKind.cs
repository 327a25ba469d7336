namespace RetrainFunctions.Core.Policies;

/// <summary>The change detector that watches the production model's errors on newly labeled rows.</summary>
public enum ChangeDetectorKind
{
    /// <summary>Drift Detection Method (Gama et al. 2004): error rate plus its standard deviation against their minimum.</summary>
    Ddm,

    /// <summary>Page–Hinkley test: cumulative deviation of the error above its running mean.</summary>
    PageHinkley,

    /// <summary>ADWIN (Bifet and Gavaldà 2007): adaptive window cut when the recent mean error exceeds the older one beyond a Hoeffding bound.</summary>
    Adwin,
}
