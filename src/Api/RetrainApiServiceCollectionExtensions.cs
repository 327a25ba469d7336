using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Serving;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Api;

/// <summary>Registers the HTTP API's handlers. Needs <c>AddRetrainCore</c> and <c>AddArtifactStore</c>.</summary>
public static class RetrainApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PredictionApi"/>, <see cref="ManagementApi"/>, <see cref="MonitoringApi"/>, model serving, the run starter
    /// factory and the access rules of the routes that change things (section <c>ManagementAccess</c>).
    /// </summary>
    public static IServiceCollection AddRetrainApi(this IServiceCollection services, Action<ServingOptions>? configureServing = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddModelServing(configureServing);
        services.AddRunStarterFactory();
        services.TryAddSingleton<PredictionApi>();
        services.TryAddSingleton<ManagementApi>();
        services.TryAddSingleton<LiveQualityReader>();
        services.TryAddSingleton<MonitoringApi>();
        services.AddOptions<ManagementAccessOptions>().BindConfiguration(ManagementAccessOptions.SectionName);
        return services;
    }
}
