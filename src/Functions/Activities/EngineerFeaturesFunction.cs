using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Features;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="EngineerFeatures"/> activity; delegates to <see cref="FeatureEngineer"/>.</summary>
public sealed class EngineerFeaturesFunction(FeatureEngineer engineer)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(nameof(EngineerFeatures))]
    public Task<FeaturesResult> Run([ActivityTrigger] FeaturesRequest input, CancellationToken cancellationToken) => engineer.EngineerAsync(input, cancellationToken);
}
