using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Features;

namespace RetrainFunctions.Functions.Activities;

/// <summary>The Functions entry point of the <see cref="RetrainActivities.EngineerFeatures"/> activity; delegates to <see cref="FeatureEngineer"/>.</summary>
public sealed class EngineerFeaturesFunction(FeatureEngineer engineer)
{
    /// <summary>Runs the activity. Failures propagate, so that the orchestrator's retry policy applies.</summary>
    [Function(RetrainActivityNames.EngineerFeatures)]
    public Task<FeaturesResult> Run([ActivityTrigger] FeaturesRequest input, CancellationToken cancellationToken) => RetrainActivities.EngineerFeatures.RunAsync(engineer, input, cancellationToken);
}
