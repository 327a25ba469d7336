using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RetrainFunctions.Core.Telemetry;

namespace RetrainFunctions.Hosting;

/// <summary>Subscribes a host to the retraining traces and metrics and exports them where its settings say.</summary>
public static class RetrainTelemetryServiceCollectionExtensions
{
    /// <summary>The Application Insights connection string: when set, traces, metrics and logs go to Azure Monitor.</summary>
    public const string ApplicationInsightsConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// How to authenticate to Application Insights, in the Functions host's format: <c>Authorization=AAD</c> with an
    /// optional <c>ClientId={client id}</c> of a user-assigned identity (managed identity; local auth can then be off).
    /// Unset: the connection string's instrumentation key alone.
    /// </summary>
    public const string ApplicationInsightsAuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// The OTLP collector's base address: when set, traces, metrics and logs also go there (the exporter reads the
    /// standard <c>OTEL_EXPORTER_OTLP_*</c> settings: protocol, headers, per-signal endpoints).
    /// </summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard sampler setting; when unset, every trace is exported (Azure Monitor's rate limit is off).</summary>
    public const string TracesSamplerSetting = "OTEL_TRACES_SAMPLER";

    /// <summary>
    /// When <see cref="ApplicationInsightsConnectionStringSetting"/> or <see cref="OtlpEndpointSetting"/> is set, adds
    /// OpenTelemetry with the <see cref="RetrainTelemetry.SourceName"/> activity source and meter, the Azure Monitor
    /// exporter for the first, the OTLP exporter for the second (both when both are set), and then
    /// <paramref name="configure"/> (a host's own additions, such as the Functions worker's defaults). With neither set,
    /// adds nothing: no provider, no listener.
    /// </summary>
    public static IServiceCollection AddRetrainTelemetry(this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ApplicationInsightsConnectionStringSetting];
        var otlpEndpoint = configuration[OtlpEndpointSetting];
        var azureMonitor = !string.IsNullOrWhiteSpace(connectionString);
        var otlp = !string.IsNullOrWhiteSpace(otlpEndpoint);
        if (!azureMonitor && !otlp)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(RetrainTelemetry.SourceName))
            .WithMetrics(metrics => metrics.AddMeter(RetrainTelemetry.SourceName));
        if (azureMonitor)
        {
            var credential = ApplicationInsightsCredential(configuration[ApplicationInsightsAuthenticationStringSetting]);
            var samplerChosen = !string.IsNullOrWhiteSpace(configuration[TracesSamplerSetting]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
                if (!samplerChosen)
                {
                    // The exporter's default rate limit starts with no credit and drops a run's span: keep every trace
                    // (a run is a handful of spans a week) unless OTEL_TRACES_SAMPLER says otherwise.
                    options.TracesPerSecond = null;
                    options.SamplingRatio = 1.0F;
                }
            });
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        configure?.Invoke(telemetry);
        return services;
    }

    /// <summary>
    /// The managed identity an <see cref="ApplicationInsightsAuthenticationStringSetting"/> of <c>Authorization=AAD</c>
    /// names (user-assigned with <c>ClientId</c>, else system-assigned), as the Functions host reads the same setting;
    /// <see langword="null"/> without it.
    /// </summary>
    internal static TokenCredential? ApplicationInsightsCredential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{ApplicationInsightsAuthenticationStringSetting} must be 'Authorization=AAD' with an optional ';ClientId={{client id}}' (got '{authentication}').");
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
