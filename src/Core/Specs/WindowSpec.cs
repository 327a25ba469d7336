namespace RetrainFunctions.Core.Specs;

/// <summary>
/// Which accepted rows form the training snapshot: the newest <see cref="MaxRows"/> rows, optionally only
/// those younger than <see cref="MaxAgeDays"/> (by timestamp, relative to the newest row). Both unset: expanding window.
/// </summary>
public sealed record WindowSpec
{
    /// <summary>Gets the maximum number of rows in the window. <value>Default: 50,000; 0 means unlimited.</value></summary>
    public int MaxRows { get; init; } = 50_000;

    /// <summary>Gets the maximum age of rows in days, measured back from the newest row. <value>Default: unset.</value></summary>
    public double? MaxAgeDays { get; init; }
}
