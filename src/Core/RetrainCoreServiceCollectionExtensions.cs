using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Comparison;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Housekeeping;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core;

/// <summary>Registers the pipeline stages' services. Every host calls this once, plus <c>AddArtifactStore</c>.</summary>
public static class RetrainCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the stage services of RetrainFunctions (not the store: see <c>AddArtifactStore</c>), the built-in trainers
    /// (<see cref="TrainerRegistry"/>; add more with <c>AddRetrainTrainer&lt;T&gt;()</c>) and the built-in drift measures
    /// (<see cref="DriftMeasureRegistry"/>; add more with <c>AddRetrainDriftMeasure&lt;T&gt;()</c>).
    /// </summary>
    public static IServiceCollection AddRetrainCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddRetrainTrainerRegistry();
        services.AddRetrainDriftMeasureRegistry();
        services.TryAddSingleton<ModelSpecStore>();
        services.TryAddSingleton<ApprovalStore>();
        services.TryAddSingleton<DataCollector>();
        services.TryAddSingleton<DatasetValidator>();
        services.TryAddSingleton<FeatureEngineer>();
        services.AddOptions<CollectionOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(CollectionOptions.SectionName).Bind(options))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<TrainingOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(TrainingOptions.SectionName).Bind(options))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ModelTrainer>();
        services.TryAddSingleton<ModelEvaluator>();
        services.TryAddSingleton<ModelScorer>();
        services.TryAddSingleton<ModelDeployer>();
        services.TryAddSingleton<RollbackService>();
        services.TryAddSingleton<ProbationMonitor>();
        services.TryAddSingleton<InterruptedRunRecovery>();
        services.TryAddSingleton<RunRecorder>();
        services.TryAddSingleton<StorePruner>();
        services.TryAddSingleton<VersionComparer>();
        services.TryAddSingleton<RowScorer>();
        services.TryAddSingleton<RetrainDecider>();
        return services;
    }
}
