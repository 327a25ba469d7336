using Microsoft.DurableTask;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.LocalEngine;

/// <summary>Registers the retraining orchestrator and its activities on a Durable Task worker.</summary>
public static class RetrainTaskRegistryExtensions
{
    /// <summary>
    /// Adds <see cref="RetrainOrchestrator"/> under its own name and the ten Core activities under their type names
    /// (the names the Functions app uses). The activities' services come from the worker's service provider: register
    /// <c>AddRetrainCore</c> and <c>AddArtifactStore</c> there, or fakes.
    /// </summary>
    public static DurableTaskRegistry AddRetrainTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestratorFunc<RetrainRequest, RunRecord>(nameof(RetrainOrchestrator), (context, request) => RetrainOrchestrator.RunAsync(context, request!))
            .AddActivity<CollectTrainingData>()
            .AddActivity<ValidateDataset>()
            .AddActivity<AssembleTrainingSnapshot>()
            .AddActivity<EngineerFeatures>()
            .AddActivity<TrainModel>()
            .AddActivity<EvaluateModel>()
            .AddActivity<RefitModel>()
            .AddActivity<DeployModel>()
            .AddActivity<CheckProbation>()
            .AddActivity<RecordRun>();
    }
}
