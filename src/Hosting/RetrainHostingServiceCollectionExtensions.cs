using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetrainFunctions.Hosting;

/// <summary>Registers the pieces that start and await retraining runs.</summary>
public static class RetrainHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RunStarterFactory"/>, <see cref="RetrainRunRequests"/> (every host's way to ask for a run; it needs
    /// the <c>ModelSpecStore</c> that <c>AddRetrainCore</c> adds) and <see cref="TimeProvider.System"/> (unless a clock is
    /// registered). For hosts that get their <see cref="DurableTaskClient"/> per invocation (the Functions app's <c>[DurableClient]</c>).
    /// </summary>
    public static IServiceCollection AddRunStarterFactory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunStarterFactory>();
        services.TryAddSingleton<RetrainRunRequests>();
        return services;
    }

    /// <summary>
    /// Adds <see cref="RunStarter"/> bound to the registered <see cref="DurableTaskClient"/>, plus what
    /// <see cref="AddRunStarterFactory"/> adds. For hosts whose client is a service (the command line, the local engine).
    /// </summary>
    public static IServiceCollection AddRunStarter(this IServiceCollection services)
    {
        services.AddRunStarterFactory();
        services.TryAddSingleton(sp => sp.GetRequiredService<RunStarterFactory>().Create(sp.GetRequiredService<DurableTaskClient>()));
        return services;
    }
}
