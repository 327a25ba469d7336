namespace RetrainFunctions.Core.Drift.Measures;

/// <summary>
/// The drift measures every host has: <c>AddRetrainCore</c> registers these, and <see cref="DriftMeasureRegistry.BuiltIn"/>
/// (for contexts without a service provider, such as the drift replay and the benchmarks) holds the same list. A measure
/// shipped with RetrainFunctions is one class plus one line here. Their names are the <see cref="FeatureDrift"/> fields
/// they fill, so <c>drift.json</c> keeps its shape.
/// </summary>
public static class BuiltInDriftMeasures
{
    /// <summary>Gets the built-in measures, in report order (the first one with a p-value gives <see cref="FeatureDrift.PValue"/>).</summary>
    public static IReadOnlyList<IDriftMeasure> All { get; } =
    [
        new PsiMeasure(),
        new KolmogorovSmirnovMeasure(),
        new WassersteinMeasure(),
        new JensenShannonMeasure(),
        new ChiSquareMeasure(),
        new LInfinityMeasure(),
    ];
}
