using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Features;

/// <summary>Activity: fits the spec's feature pipeline on the snapshot's train split. Delegates to <see cref="FeatureEngineer"/>.</summary>
public sealed class EngineerFeatures(FeatureEngineer engineer) : TaskActivity<FeaturesRequest, FeaturesResult>
{
    /// <inheritdoc />
    public override Task<FeaturesResult> RunAsync(TaskActivityContext context, FeaturesRequest input) => engineer.EngineerAsync(input);
}
