using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetrainFunctions.Core.Training.Trainers;

namespace RetrainFunctions.Core.Training;

/// <summary>Registers trainers: <c>AddRetrainCore</c> adds the built-ins, a host or a test adds its own with one line.</summary>
public static class TrainerServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="TTrainer"/>, so specs may list it by its <see cref="ITrainerPlugin.Kind"/>.</summary>
    public static IServiceCollection AddRetrainTrainer<TTrainer>(this IServiceCollection services)
        where TTrainer : class, ITrainerPlugin
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRetrainTrainerRegistry();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITrainerPlugin, TTrainer>());
        return services;
    }

    /// <summary>Registers the <see cref="TrainerRegistry"/> and the built-in trainers (<see cref="BuiltInTrainers.All"/>).</summary>
    internal static IServiceCollection AddRetrainTrainerRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<TrainerRegistry>();
        foreach (var trainer in BuiltInTrainers.All)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(ITrainerPlugin), trainer));
        }

        return services;
    }
}
