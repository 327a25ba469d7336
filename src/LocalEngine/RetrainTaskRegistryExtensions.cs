using Microsoft.DurableTask;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.LocalEngine;

/// <summary>Registers the retraining orchestrator and its activities on a Durable Task worker.</summary>
public static class RetrainTaskRegistryExtensions
{
    /// <summary>
    /// Adds <see cref="RetrainOrchestrator"/> under its own name and versions, and every activity of
    /// <see cref="RetrainActivities"/> under its name (the names the Functions app uses). The activities' services come
    /// from the worker's service provider: register <c>AddRetrainCore</c> and <c>AddArtifactStore</c> there, or fakes.
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
        foreach (var activity in RetrainActivities.All)
        {
            registry.AddActivity(activity.Name, services => Wrap(new CatalogueActivity(activity, services), diagnosticActivityDelay));
        }

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

    private static ITaskActivity Wrap(ITaskActivity activity, TimeSpan delay) =>
        delay == TimeSpan.Zero ? activity : new DiagnosticDelayedActivity(activity, delay);
}
