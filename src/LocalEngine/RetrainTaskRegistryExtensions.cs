using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.LocalEngine;

/// <summary>Registers the retraining orchestrator and its activities on a Durable Task worker.</summary>
public static class RetrainTaskRegistryExtensions
{
    /// <summary>
    /// Adds <see cref="RetrainOrchestrator"/> under its own name and the eleven Core activities under their type names
    /// (the names the Functions app uses). The activities' services come from the worker's service provider: register
    /// <c>AddRetrainCore</c> and <c>AddArtifactStore</c> there, or fakes.
    /// </summary>
    public static DurableTaskRegistry AddRetrainTasks(this DurableTaskRegistry registry) => registry.AddRetrainTasks(TimeSpan.Zero);

    /// <summary>
    /// Adds the orchestrator and activities as <see cref="AddRetrainTasks(DurableTaskRegistry)"/> does; with a positive
    /// <paramref name="diagnosticActivityDelay"/> each activity pauses that long before and after its work (fault drills only).
    /// </summary>
    public static DurableTaskRegistry AddRetrainTasks(this DurableTaskRegistry registry, TimeSpan diagnosticActivityDelay)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentOutOfRangeException.ThrowIfLessThan(diagnosticActivityDelay, TimeSpan.Zero);
        AddOrchestrator(registry);
        Add<CollectTrainingData>(registry, diagnosticActivityDelay);
        Add<ValidateDataset>(registry, diagnosticActivityDelay);
        Add<AssembleTrainingSnapshot>(registry, diagnosticActivityDelay);
        Add<EngineerFeatures>(registry, diagnosticActivityDelay);
        Add<TrainModel>(registry, diagnosticActivityDelay);
        Add<EvaluateModel>(registry, diagnosticActivityDelay);
        Add<RefitModel>(registry, diagnosticActivityDelay);
        Add<DeployModel>(registry, diagnosticActivityDelay);
        Add<CheckProbation>(registry, diagnosticActivityDelay);
        Add<DecideRetrain>(registry, diagnosticActivityDelay);
        Add<RecordRun>(registry, diagnosticActivityDelay);
        return registry;
    }

    /// <summary>
    /// The orchestrator under each of its <see cref="RetrainOrchestrator.Versions"/>, and unversioned for instances
    /// started before versioning: the worker routes an instance by the version it started with.
    /// </summary>
    private static void AddOrchestrator(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<RetrainRequest, RunRecord>(nameof(RetrainOrchestrator), (context, request) => RetrainOrchestrator.RunAsync(context, request!));
        foreach (var version in RetrainOrchestrator.Versions)
        {
            registry.AddOrchestratorFunc<RetrainRequest, RunRecord>(nameof(RetrainOrchestrator), new TaskVersion(version), (context, request) => RetrainOrchestrator.RunAsync(context, request!));
        }
    }

    private static void Add<TActivity>(DurableTaskRegistry registry, TimeSpan delay)
        where TActivity : class, ITaskActivity
    {
        if (delay == TimeSpan.Zero)
        {
            registry.AddActivity<TActivity>();
        }
        else
        {
            registry.AddActivity(typeof(TActivity).Name, services => new DiagnosticDelayedActivity(ActivatorUtilities.CreateInstance<TActivity>(services), delay));
        }
    }
}
