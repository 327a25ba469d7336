namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>
/// The trainers every host has: <c>AddRetrainCore</c> registers these, and <see cref="TrainerRegistry.BuiltIn"/> (the
/// registry of contexts without a service provider, such as <c>retrain init</c> and the backtester) holds the same list.
/// A trainer shipped with RetrainFunctions is one class plus one line here.
/// </summary>
public static class BuiltInTrainers
{
    /// <summary>Gets the built-in trainers, in the order the former enum numbered them.</summary>
    public static IReadOnlyList<ITrainerPlugin> All { get; } =
    [
        new LightGbmPlugin(),
        new FastTreePlugin(),
        new FastForestPlugin(),
        new LbfgsLogisticRegressionPlugin(),
        new LbfgsMaximumEntropyPlugin(),
        new SdcaPlugin(),
        new EnsemblePlugin(),
    ];
}
