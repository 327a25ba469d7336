using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetrainFunctions.Core.Serving;

/// <summary>Registers prediction serving.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ModelServer"/> (one per host: it holds the loaded versions) and <see cref="ServingOptions"/> bound to
    /// the <c>Serving</c> configuration section when an <see cref="IConfiguration"/> is registered, validated on start.
    /// Needs <c>AddRetrainCore</c> and <c>AddArtifactStore</c>.
    /// </summary>
    public static IServiceCollection AddModelServing(this IServiceCollection services, Action<ServingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ServingOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(ServingOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ModelServer>();
        return services;
    }
}
