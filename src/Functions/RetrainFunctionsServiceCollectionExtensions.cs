using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetrainFunctions.Api;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Functions;

/// <summary>All the wiring of the Functions app, so that <c>Program.cs</c> stays a few lines.</summary>
public static class RetrainFunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the stage services (<c>AddRetrainCore</c>), the artifact store bound to the <c>ArtifactStore</c> section
    /// (<c>ArtifactStore__ConnectionString</c>, <c>ArtifactStore__AccountUrl</c>, <c>ArtifactStore__ContainerName</c>;
    /// validated on start), <see cref="TimeProvider.System"/> and the <see cref="RunStarterFactory"/> the triggers use
    /// with their <c>[DurableClient]</c>, and the HTTP API's handlers (<c>AddRetrainApi</c>: model serving bound to the
    /// <c>Serving</c> section), and telemetry (<c>AddRetrainTelemetry</c>: Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is) with the
    /// worker's OpenTelemetry defaults, so that the worker's spans continue the host's traces (host.json's
    /// <c>telemetryMode</c>) and the host stops forwarding the worker's logs, which the worker then exports itself.
    /// </summary>
    /// <remarks>
    /// The triggers also read app settings directly through binding expressions: <c>RetrainSchedule</c> (the timer's
    /// NCRONTAB schedule; the host refuses to start without it) and <c>ArtifactStorage</c> (the connection watched by the
    /// blob trigger). See <c>local.settings.sample.json</c>.
    /// </remarks>
    public static IServiceCollection AddRetrainFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddRetrainCore();
        services.AddArtifactStore();
        services.AddRunStarterFactory();
        services.AddRetrainApi();
        services.AddRetrainTelemetry(configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());
        return services;
    }
}
