using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetrainFunctions.Core.Drift.Measures;

namespace RetrainFunctions.Core.Drift;

/// <summary>Registers drift measures: <c>AddRetrainCore</c> adds the built-ins, a host or a test adds its own with one line.</summary>
public static class DriftMeasureServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="TMeasure"/>, so every drift report of the host carries its value.</summary>
    public static IServiceCollection AddRetrainDriftMeasure<TMeasure>(this IServiceCollection services)
        where TMeasure : class, IDriftMeasure
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRetrainDriftMeasureRegistry();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDriftMeasure, TMeasure>());
        return services;
    }

    /// <summary>Registers the <see cref="DriftMeasureRegistry"/> and the built-in measures (<see cref="BuiltInDriftMeasures.All"/>).</summary>
    internal static IServiceCollection AddRetrainDriftMeasureRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<DriftMeasureRegistry>();
        foreach (var measure in BuiltInDriftMeasures.All)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IDriftMeasure), measure));
        }

        return services;
    }
}
